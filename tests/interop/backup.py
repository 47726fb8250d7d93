#!/usr/bin/env python3
"""Open a Haven backup with the recovery secret and PyNaCl alone (docs/protocol.md, "Backups").

Usage: backup.py --backup FILE --recovery-key KEYFILE --out FOLDER

Decrypts the backup, checks it against its manifest (row counts, blob lengths and SHA-256, every files row
with its blob), and writes what it holds into FOLDER: instance.key, blobs/<id> (still encrypted, as on the
server), tables/<table>.jsonl (all parts of a table joined) and manifest.json. Prints one summary line;
exits 1 with a message on stderr when the backup is not intact. Shares no code with Haven.
"""
import argparse
import hashlib
import io
import json
import os
import re
import sys
import tarfile

import nacl.bindings as b
import nacl.exceptions
from nacl.public import PrivateKey, SealedBox

MAGIC = b"haven-backup-v1\n"
SEALED_KEY = 32 + 48          # the 32-byte stream key, sealed (crypto_box_SEALBYTES = 48)
AD = b"haven/v1/backup"
HEADER = 24                   # crypto_secretstream_xchacha20poly1305_HEADERBYTES
PIECE = 65536 + 17            # a full chunk: 64 KiB of plaintext + ABYTES


def recovery_key(path):
    text = open(path, encoding="utf-8").read().strip()
    if text.lower().startswith("haven-recovery-v1:"):
        text = text[len("haven-recovery-v1:"):]
    return PrivateKey(bytes.fromhex("".join(c for c in text if c not in " \t\r\n-")))


class Plaintext(io.RawIOBase):
    """The decrypted payload, read chunk by chunk; raises unless the stream ends with its FINAL chunk."""

    def __init__(self, f, key):
        self.f, self.buf, self.done = f, b"", False
        self.state = b.crypto_secretstream_xchacha20poly1305_state()
        header = f.read(HEADER)
        if len(header) < HEADER:
            raise ValueError("cut short")
        b.crypto_secretstream_xchacha20poly1305_init_pull(self.state, header, key)

    def readable(self):
        return True

    def readinto(self, out):
        while not self.buf and not self.done:
            piece = self.f.read(PIECE)
            if len(piece) < 17:
                raise ValueError("cut short")
            m, tag = b.crypto_secretstream_xchacha20poly1305_pull(self.state, piece, AD)
            if tag == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                if len(piece) == PIECE or self.f.read(1):
                    raise ValueError("data after the final chunk")
                self.done = True
            elif tag != b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE or len(piece) < PIECE:
                raise ValueError("cut short")
            self.buf = m
        n = min(len(out), len(self.buf))
        out[:n], self.buf = self.buf[:n], self.buf[n:]
        return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backup", required=True)
    p.add_argument("--recovery-key", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    with open(a.backup, "rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            sys.exit("not a Haven backup (version 1)")
        key = SealedBox(recovery_key(a.recovery_key)).decrypt(f.read(SEALED_KEY))
        plain = io.BufferedReader(Plaintext(f, key), 1 << 16)
        os.makedirs(os.path.join(a.out, "blobs"))
        os.makedirs(os.path.join(a.out, "tables"))
        names, blobs, rows, file_ids, manifest = [], {}, {}, set(), None
        with tarfile.open(fileobj=plain, mode="r|") as tar:
            for entry in tar:
                names.append(entry.name)
                data = tar.extractfile(entry).read()
                if entry.name == "instance.key":
                    open(os.path.join(a.out, "instance.key"), "wb").write(data)
                elif re.fullmatch(r"blobs/[0-9a-f]{32}", entry.name):
                    open(os.path.join(a.out, entry.name), "wb").write(data)
                    blobs[entry.name[6:]] = (len(data), hashlib.sha256(data).hexdigest())
                elif re.fullmatch(r"tables/[a-z0-9_]+/[0-9]{6}\.jsonl", entry.name):
                    table = entry.name.split("/")[1]
                    with open(os.path.join(a.out, "tables", table + ".jsonl"), "ab") as out:
                        out.write(data)
                    for line in data.decode("utf-8").splitlines():
                        row = json.loads(line)
                        rows[table] = rows.get(table, 0) + 1
                        if table == "files":
                            file_ids.add(row["id"])
                elif entry.name == "manifest.json":
                    manifest = json.loads(data)
                    open(os.path.join(a.out, "manifest.json"), "wb").write(data)
                else:
                    sys.exit("unexpected entry " + entry.name)
        while plain.read(1 << 16):   # the rest of the stream, to its FINAL chunk
            pass
    if manifest is None or names[0] != "instance.key" or names[-1] != "manifest.json":
        sys.exit("entries out of order")
    if {t["name"]: t["rows"] for t in manifest["tables"]} != {t["name"]: rows.get(t["name"], 0) for t in manifest["tables"]}:
        sys.exit("row counts differ from the manifest")
    if {x["id"]: (x["length"], x["sha256"]) for x in manifest["blobs"]} != blobs or file_ids != set(blobs):
        sys.exit("blobs differ from the manifest or from the files rows")
    print(f"backup of {manifest['created_on']} from {manifest['schema']['provider']}: "
          f"{rows.get('cases', 0)} cases, {rows.get('records', 0)} records, {len(blobs)} blobs; intact")


if __name__ == "__main__":
    try:
        main()
    except (ValueError, nacl.exceptions.CryptoError) as e:
        sys.exit(f"the backup does not decrypt: {e}")
