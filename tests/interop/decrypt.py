#!/usr/bin/python3
"""Decrypt every record and file of a Haven data directory with the recovery secret, as docs/protocol.md describes.

Independent of Haven's own code: only PyNaCl (libsodium) and the standard library. Prints
{"cases": [{"id": ..., "records": [{"id": ..., "kind": ..., "plaintext": {...}}],
  "record": [{"id": ..., "kind": ..., "subject": ..., "number": ..., "coding": {...}, "narrative": {...}}]}],
 "documentation_keys": [{"generation": ..., "public_key": "<hex>"}],
 "figures": [{"id": ..., "number": ..., "version": ..., "basis": {...}}]} to stdout: every generation of the
documentation key is opened from its recovery seal and checked against its public key; "record" holds the
versions of Record's events and victims anchored to the case, the coding decrypted through the documentation
key and the narrative through the case key; "figures" holds the basis (the true table) of every figure release,
decrypted through the documentation key (docs/protocol.md, "Figures: the basis of a release"). Every file a
record lists is decrypted from blobs/<id> and checked against its size and SHA-256; with --files DIR it is
also written there as DIR/<file id>.
"""
import argparse
import base64
import hashlib
import json
import os
import pathlib
import re
import sqlite3
import sys

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL as TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE as TAG_MESSAGE,
)
from nacl.public import PrivateKey, SealedBox

PREFIX = "haven-recovery-v1:"
CHUNK = 65536 + 17  # 64 KiB of plaintext + ABYTES


def parse_recovery_secret(text):
    """Optional prefix, then 64 hex digits; spaces, hyphens and line breaks ignored; any case."""
    text = text.strip()
    if text.lower().startswith(PREFIX):
        text = text[len(PREFIX):]
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", digits):
        sys.exit("decrypt.py: the recovery key file does not hold a recovery secret (64 hex digits)")
    return PrivateKey(bytes.fromhex(digits))


def decrypt_file(blob_path, entry, out):
    """Decrypts blob_path chunk by chunk into out (a binary file); checks size and SHA-256."""
    ad = b"haven/v1/file:" + entry["id"].encode("ascii")
    state = crypto_secretstream_xchacha20poly1305_state()
    digest, size, tag = hashlib.sha256(), 0, None
    with open(blob_path, "rb") as blob:
        crypto_secretstream_xchacha20poly1305_init_pull(state, blob.read(24), base64.b64decode(entry["key"]))
        while tag != TAG_FINAL:
            chunk = blob.read(CHUNK)
            if not chunk:
                raise ValueError("the blob is cut short")
            m, tag = crypto_secretstream_xchacha20poly1305_pull(state, chunk, ad)
            if (tag == TAG_FINAL) == (len(chunk) == CHUNK) or tag not in (TAG_MESSAGE, TAG_FINAL):
                raise ValueError(f"chunk of {len(chunk)} bytes tagged {tag}")
            digest.update(m)
            size += len(m)
            out.write(m)
        if blob.read(1):
            raise ValueError("data after the final chunk")
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise ValueError(f"size {size} / SHA-256 {digest.hexdigest()} differ from the record")


def open_documentation_keys(db, rsk, failures):
    """Every documentation key generation: dsk[g] = Unseal(recovery seal of g, rsk), checked against PK(dsk[g])."""
    keys = {}
    for generation, public_key in db.execute("SELECT generation, public_key FROM documentation_keys ORDER BY generation"):
        seals = db.execute(
            "SELECT sealed_key FROM documentation_key_seals WHERE generation = ? AND responder_id IS NULL",
            (generation,)).fetchall()
        try:
            if len(seals) != 1:
                raise ValueError(f"{len(seals)} recovery seals")
            dsk = PrivateKey(SealedBox(rsk).decrypt(bytes(seals[0][0])))
            if bytes(dsk.public_key) != bytes(public_key):
                raise ValueError("the sealed key does not match documentation_keys.public_key")
            keys[generation] = dsk
        except Exception as error:  # noqa: BLE001
            failures.append(f"the recovery seal of documentation key generation {generation} does not open ({error!r})")
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=pathlib.Path, help="Haven data directory")
    parser.add_argument("--recovery-key", required=True, type=pathlib.Path, help="file holding the recovery secret")
    parser.add_argument("--files", type=pathlib.Path, help="folder to write the decrypted files into, as <file id>")
    args = parser.parse_args()

    if args.files:
        args.files.mkdir(mode=0o700, parents=True, exist_ok=True)
    rsk = parse_recovery_secret(args.recovery_key.read_text(encoding="utf-8"))
    instance = args.data / "instance.key"
    if instance.exists():  # Not required (a backup may hold haven.db alone), but catches a wrong secret early.
        rpk = base64.b64decode(json.loads(instance.read_text(encoding="utf-8"))["recovery_public_key"])
        if bytes(rsk.public_key) != rpk:
            sys.exit("decrypt.py: this recovery secret does not belong to this instance")

    db_path = args.data / "haven.db"
    if not db_path.is_file():
        sys.exit(f"decrypt.py: {db_path} does not exist")
    db = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)  # read-only: never alters the data
    cases, failures = [], []
    documentation_keys = open_documentation_keys(db, rsk, failures)
    dsks = documentation_keys  # generation -> secret key (docs/protocol.md, "Record: events and victims")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for (case_id,) in db.execute("SELECT id FROM cases ORDER BY id"):
        csks = {}  # key generation -> case secret key (a revoked grant rotates the key)
        for generation, sealed in db.execute(
                "SELECT generation, sealed_key FROM case_key_seals WHERE case_id = ? AND responder_id IS NULL",
                (case_id,)):
            try:
                csks[generation] = PrivateKey(SealedBox(rsk).decrypt(bytes(sealed)))
            except Exception as error:  # noqa: BLE001
                failures.append(f"case {case_id}: the recovery seal of key generation {generation} does not open ({error!r})")
        records = []
        for record_id, kind, generation, ciphertext, key_for_case in db.execute(
                "SELECT id, kind, key_generation, ciphertext, key_for_case FROM records WHERE case_id = ? ORDER BY seq",
                (case_id,)):
            try:
                ad = b"haven/v1/record:" + kind.encode("ascii") + b":" + record_id.encode("ascii")
                k = SealedBox(csks[generation]).decrypt(bytes(key_for_case))
                plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(ciphertext[24:]), ad, bytes(ciphertext[:24]), k)
                records.append({"id": record_id, "kind": kind, "plaintext": json.loads(plaintext)})
            except Exception as error:  # noqa: BLE001 - any failure is reported, none is fatal until the end
                failures.append(f"case {case_id}, record {record_id} ({kind}): does not decrypt ({error!r})")
                continue
            for entry in records[-1]["plaintext"].get("files", []):
                valid = isinstance(entry.get("id"), str) and re.fullmatch(r"[0-9a-f]{32}", entry["id"])
                target = args.files / entry["id"] if args.files and valid else None
                try:
                    if not valid:
                        raise ValueError("not a file id")
                    with open(target or os.devnull, "wb") as out:
                        decrypt_file(args.data / "blobs" / entry["id"], entry, out)
                except Exception as error:  # noqa: BLE001
                    if target:
                        target.unlink(missing_ok=True)
                    failures.append(f"case {case_id}, record {record_id}, file {entry.get('id')!r}: {error!r}")
        versions = []
        rows = db.execute(
            "SELECT id, kind, subject_id, number, documentation_generation, case_key_generation, coding,"
            " coding_key_for_documentation, narrative, narrative_key_for_case"
            " FROM record_versions WHERE case_id = ? ORDER BY seq", (case_id,)) if "record_versions" in tables else []
        for version_id, kind, subject, number, dgen, cgen, coding, kfd, narrative, kfc in rows:
            try:
                suffix = kind.encode("ascii") + b":" + version_id.encode("ascii")
                k = SealedBox(dsks[dgen]).decrypt(bytes(kfd))
                coding_json = crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(coding[24:]), b"haven/v1/coding:" + suffix, bytes(coding[:24]), k)
                k2 = SealedBox(csks[cgen]).decrypt(bytes(kfc))
                narrative_json = crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(narrative[24:]), b"haven/v1/narrative:" + suffix, bytes(narrative[:24]), k2)
                versions.append({"id": version_id, "kind": kind, "subject": subject, "number": number,
                                 "coding": json.loads(coding_json), "narrative": json.loads(narrative_json)})
            except Exception as error:  # noqa: BLE001
                failures.append(f"case {case_id}, {kind} version {version_id}: does not decrypt ({error!r})")
        cases.append({"id": case_id, "records": records, "record": versions})
    figures = []
    rows = db.execute(
        "SELECT id, number, version, documentation_generation, basis, basis_key_for_documentation"
        " FROM figure_releases ORDER BY number, version") if "figure_releases" in tables else []
    for release_id, number, version, dgen, basis, kfd in rows:
        try:
            k = SealedBox(dsks[dgen]).decrypt(bytes(kfd))
            ad = b"haven/v1/figure-basis:" + release_id.encode("ascii")
            basis_json = crypto_aead_xchacha20poly1305_ietf_decrypt(bytes(basis[24:]), ad, bytes(basis[:24]), k)
            figures.append({"id": release_id, "number": number, "version": version, "basis": json.loads(basis_json)})
        except Exception as error:  # noqa: BLE001
            failures.append(f"figure {number} version {version} ({release_id}): the basis does not decrypt ({error!r})")
    db.close()

    if failures:
        print("\n".join(f"decrypt.py: {f}" for f in failures), file=sys.stderr)
        return 1
    documentation = [{"generation": g, "public_key": bytes(k.public_key).hex()} for g, k in sorted(documentation_keys.items())]
    print(json.dumps({"cases": cases, "documentation_keys": documentation, "figures": figures}, indent=2))  # ASCII-only output: safe whatever the locale
    return 0


if __name__ == "__main__":
    sys.exit(main())
