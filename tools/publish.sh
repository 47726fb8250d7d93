#!/usr/bin/env bash
# Publishes the web host (Haven.Web) and the operator tool (haven) into ONE folder that runs without the .NET SDK
# or a shared runtime on the machine: both apphosts share the runtime files beside them.
# Usage: tools/publish.sh [--rid linux-x64|linux-arm64] [--out DIR] [--version V] [--framework-dependent]
# Default folder: artifacts/publish/<rid> (artifacts/publish/<rid>-fd when framework-dependent). Prints the
# folder's size and the native libraries it holds, and fails when one Haven needs is missing.
# Not trimmed: EF Core (its model and migrations), Razor Pages, System.CommandLine and the JSON options are found
# by reflection, which the trimmer cannot see (docs/operations.md, "Installing the Debian package").
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
out=""
version=""
self_contained=true
while [ $# -gt 0 ]; do
    case "$1" in
        --rid) rid=${2:?--rid needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --version) version=${2:?--version needs a value}; shift 2 ;;
        --framework-dependent) self_contained=false; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "publish.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$rid" in
    linux-x64|linux-arm64) ;;
    *) echo "publish.sh: --rid must be linux-x64 or linux-arm64, not $rid" >&2; exit 2 ;;
esac
if [ -z "$out" ]; then
    out=artifacts/publish/$rid
    [ "$self_contained" = false ] && out=$out-fd
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
# A folder left from an earlier publish would keep files this one no longer makes.
find "$out" -mindepth 1 -delete

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
props=(-c Release -r "$rid" --self-contained "$self_contained" -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishDocumentationFiles=false
    -p:UseAppHost=true)
[ -n "$version" ] && props+=("-p:Version=$version")
for project in src/Haven.Web src/Haven.Cli; do
    if ! dotnet publish "$project" "${props[@]}" -o "$out" -nologo -v quiet >"$out.log" 2>&1; then
        grep -E "error|warn" "$out.log" | sort -u | head -20 >&2
        echo "publish.sh: dotnet publish $project failed (the whole log: $out.log)" >&2
        exit 1
    fi
done
rm -f "$out.log"

for app in Haven.Web haven; do
    [ -x "$out/$app" ] || { echo "publish.sh: $out/$app is missing" >&2; exit 1; }
done
missing=()
native=()
for lib in libsodium.so libe_sqlite3.so Magick.Native libortools.so; do
    found=$(find "$out" -maxdepth 1 -name "*$lib*" -printf '%f\n' | sort | tr '\n' ' ')
    if [ -z "$found" ]; then missing+=("$lib"); else native+=("$found"); fi
done
if [ "$self_contained" = true ]; then
    for lib in libcoreclr.so libhostfxr.so; do
        [ -e "$out/$lib" ] || missing+=("$lib")
    done
fi

echo "$out: $(du -sh "$out" | cut -f1) ($(du -sb "$out" | cut -f1) bytes), $(find "$out" -type f | wc -l) files, $rid, $([ "$self_contained" = true ] && echo self-contained || echo framework-dependent)"
echo "native libraries: ${native[*]}"
if [ ${#missing[@]} -gt 0 ]; then
    echo "publish.sh: missing from $out: ${missing[*]}" >&2
    exit 1
fi
