#!/usr/bin/env bash
# Runs Haven's whole test suite: build, formatting check, unit, HTTP, interoperability and browser tests.
# Installs what the tests need (Chromium, PyNaCl) when it is missing and this user may install packages.
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import nacl' 2>/dev/null || need+=(python3-nacl)
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
    $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
        || { echo "test.sh: could not install ${need[*]}; install them and run again"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0

if ! dotnet build Haven.slnx -nologo -v quiet 2>&1 | tee -a "$log" | grep -E "error|Warn|Build succeeded" | sort -u; then :; fi
if ! grep -q "Build succeeded" "$log"; then
    echo "test.sh: the build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

if ! dotnet format Haven.slnx --verify-no-changes --no-restore >/dev/null 2>&1; then
    echo "test.sh: 'dotnet format --verify-no-changes' found code to format (run 'dotnet format Haven.slnx')"
    failed=$((failed + 1))
fi

dotnet test Haven.slnx --no-build -nologo 2>&1 | tee "$log" | grep -vE "^\s*$|Test run for|A total of|VSTest version|Starting test execution" || true

sum() { grep -oE "$1:\s+[0-9]+" "$log" | grep -oE "[0-9]+" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum Passed)
failed=$((failed + $(sum Failed)))
skipped=$(sum Skipped)
assemblies=$(grep -cE "^(Passed|Failed)!" "$log")
if [ "$assemblies" -lt 3 ]; then
    echo "test.sh: expected results from every test project, got $assemblies"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
