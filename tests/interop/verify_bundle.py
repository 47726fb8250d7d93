#!/usr/bin/python3
"""Check an unpacked Haven evidence bundle: python3 verify_bundle.py FOLDER [INSTANCE_KEY_HEX]"""
import hashlib, json, pathlib, sys
from nacl.signing import VerifyKey

def fail(why): sys.exit("FAIL: " + why)

folder = pathlib.Path(sys.argv[1])
raw = (folder / "manifest.json").read_bytes()  # the signatures cover exactly these bytes
manifest = json.loads(raw)
if manifest["format"] != "haven-evidence-bundle/1": fail("unknown format")
if len(sys.argv) > 2 and manifest["instance"]["signing_key"] != sys.argv[2].lower(): fail("another instance key")
for who, key in (("responder", manifest["exporter"]["signing_key"]), ("instance", manifest["instance"]["signing_key"])):
    try: VerifyKey(bytes.fromhex(key)).verify(raw, (folder / f"manifest.json.{who}.sig").read_bytes())
    except Exception: fail(f"the {who} signature of manifest.json is invalid or missing")
    print(f"ok  {who} signature, key {key}")
for f in manifest["files"]:
    path = folder / f["path"]
    if not path.is_file(): fail(f"{f['path']} is missing")
    with open(path, "rb") as data: sha256 = hashlib.file_digest(data, "sha256").hexdigest()
    if path.stat().st_size != f["size"] or sha256 != f["sha256"]: fail(f"{f['path']} is not the file listed")
    print(f"ok  {f['path']} {sha256}")
on_disk = {p.relative_to(folder).as_posix() for d in ("files", "working") for p in (folder / d).glob("*")}
if on_disk != {f["path"] for f in manifest["files"]}: fail(f"unlisted or missing files: {sorted(on_disk ^ {f['path'] for f in manifest['files']})}")
print("The bundle verifies.")
