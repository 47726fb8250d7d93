#!/usr/bin/python3
"""Decrypt every record of a Haven data directory with the recovery secret, as docs/protocol.md describes.

Independent of Haven's own code: only PyNaCl (libsodium) and the standard library. Prints
{"cases": [{"id": ..., "records": [{"id": ..., "kind": ..., "plaintext": {...}}]}]} to stdout.
"""
import argparse
import base64
import json
import pathlib
import re
import sqlite3
import sys

from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
from nacl.public import PrivateKey, SealedBox

PREFIX = "haven-recovery-v1:"


def parse_recovery_secret(text):
    """Optional prefix, then 64 hex digits; spaces, hyphens and line breaks ignored; any case."""
    text = text.strip()
    if text.lower().startswith(PREFIX):
        text = text[len(PREFIX):]
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", digits):
        sys.exit("decrypt.py: the recovery key file does not hold a recovery secret (64 hex digits)")
    return PrivateKey(bytes.fromhex(digits))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=pathlib.Path, help="Haven data directory")
    parser.add_argument("--recovery-key", required=True, type=pathlib.Path, help="file holding the recovery secret")
    args = parser.parse_args()

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
        cases.append({"id": case_id, "records": records})
    db.close()

    if failures:
        print("\n".join(f"decrypt.py: {f}" for f in failures), file=sys.stderr)
        return 1
    print(json.dumps({"cases": cases}, indent=2))  # ASCII-only output: safe whatever the locale
    return 0


if __name__ == "__main__":
    sys.exit(main())
