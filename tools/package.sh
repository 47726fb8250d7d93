#!/usr/bin/env bash
# Builds the Debian package: tools/publish.sh (self-contained), then dpkg-deb of packaging/deb/ into
# DIR/haven_<V>_<amd64|arm64>.deb. Prints the .deb's size and its Installed-Size.
# Usage: tools/package.sh [--rid linux-x64|linux-arm64] [--version V] [--out DIR] [--from PUBLISHED] [--fast]
#   --from PUBLISHED  package an existing publish folder of the same --rid instead of publishing again
#                     (the install test's second package, another version of the same build)
#   --fast            gzip -1 instead of xz: a larger .deb in seconds rather than minutes (the install test)
# Defaults: linux-x64, version 0.<commits>.0 from git (0.0.0 outside a checkout), DIR artifacts/deb.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
version=""
out=artifacts/deb
from=""
compression=(-Zxz)
while [ $# -gt 0 ]; do
    case "$1" in
        --rid) rid=${2:?--rid needs a value}; shift 2 ;;
        --version) version=${2:?--version needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --from) from=${2:?--from needs a value}; shift 2 ;;
        --fast) compression=(-Zgzip -z1); shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$rid" in
    linux-x64) arch=amd64 ;;
    linux-arm64) arch=arm64 ;;
    *) echo "package.sh: --rid must be linux-x64 or linux-arm64, not $rid" >&2; exit 2 ;;
esac
if [ -z "$version" ]; then
    version="0.$(git rev-list --count HEAD 2>/dev/null || echo 0).0"
fi
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]]; then
    echo "package.sh: $version is not a Debian version (digits first, then letters, digits, . + ~ -)" >&2
    exit 2
fi
command -v dpkg-deb >/dev/null || { echo "package.sh: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$(mktemp -d "${TMPDIR:-/tmp}/haven-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT

if [ -z "$from" ]; then
    from=$root/publish
    # The .NET version stamp takes digits only (1.2.3); the Debian version keeps its suffix.
    tools/publish.sh --rid "$rid" --out "$from" --version "$(echo "$version" | grep -oE '^[0-9]+(\.[0-9]+){0,3}')"
fi
for app in Haven.Web haven; do
    [ -x "$from/$app" ] || { echo "package.sh: $from/$app is missing: not a publish folder of tools/publish.sh" >&2; exit 1; }
done

deb=packaging/deb
install -d -m 0755 "$root/pkg/DEBIAN" "$root/pkg/usr/lib/haven" "$root/pkg/usr/bin" "$root/pkg/lib/systemd/system" \
    "$root/pkg/usr/share/haven" "$root/pkg/usr/share/doc/haven"
cp -a "$from/." "$root/pkg/usr/lib/haven/"
# Everyone may read and run the program files; only root writes them.
find "$root/pkg/usr/lib/haven" -type d -exec chmod 0755 {} +
find "$root/pkg/usr/lib/haven" -type f -exec chmod 0644 {} +
find "$root/pkg/usr/lib/haven" -type f \( -name 'Haven.Web' -o -name 'haven' -o -name 'createdump' \) -exec chmod 0755 {} +
install -m 0755 "$deb/haven" "$root/pkg/usr/bin/haven"
install -m 0644 "$deb/haven.service" "$root/pkg/lib/systemd/system/haven.service"
install -m 0644 "$deb/haven.json.example" "$root/pkg/usr/share/haven/haven.json.example"
install -m 0644 docs/operations.md "$root/pkg/usr/share/doc/haven/operations.md"
for script in postinst prerm postrm; do
    install -m 0755 "$deb/$script" "$root/pkg/DEBIAN/$script"
done
installed_size=$(du -sk --apparent-size "$root/pkg" --exclude=DEBIAN | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" "$deb/control" >"$root/pkg/DEBIAN/control"
chmod 0644 "$root/pkg/DEBIAN/control"

file=$out/haven_${version}_$arch.deb
dpkg-deb --root-owner-group "${compression[@]}" --build "$root/pkg" "$file" >/dev/null
echo "$file: $(du -h --apparent-size "$file" | cut -f1) ($(stat -c %s "$file") bytes); Installed-Size: $installed_size KiB"
