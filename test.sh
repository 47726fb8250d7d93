#!/usr/bin/env bash
# Runs Haven's whole test suite: build, formatting check, unit, HTTP, interoperability and browser tests on
# SQLite; then the data, HTTP and CLI tests (Haven.Core.Tests, and Haven.Web.Tests without the classes that drive
# Chromium: trait Database=independent, tests/Haven.Web.Tests/Infrastructure/TestRuns.cs) once more on
# PostgreSQL, in a throwaway cluster started here and deleted on exit; last, as root, the Debian package installed
# on this machine, upgraded and removed again (tests/package/install-test.sh).
# Installs what the tests need (Chromium, PyNaCl, aiosmtpd, gpg, PostgreSQL, HAProxy, the DejaVu fonts) when it is missing and this user may install packages.
# Ends with one line: "N passed, N failed, N skipped", the sum of both runs and the package test.
set -uo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import nacl' 2>/dev/null || need+=(python3-nacl)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
command -v gpg >/dev/null || need+=(gnupg)
pg_bin() { local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d" && return; command -v initdb >/dev/null && dirname "$(command -v initdb)"; }
[ -n "$(pg_bin)" ] || need+=(postgresql)
# The two-node test (tests/Haven.Web.Tests/Cluster) puts HAProxy in front of two Haven nodes on the PostgreSQL run.
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
# The PDF of an Urgent Action's report is set in DejaVu Sans (docs/act.md, "Reporting back").
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The package test boots a systemd in a container to run haven.service under it (root only).
[ "$(id -u)" != 0 ] || command -v systemd-nspawn >/dev/null || need+=(systemd-container)
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
    $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
        || { echo "test.sh: could not install ${need[*]}; install them and run again"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
pglog=$(mktemp)
pkglog=$(mktemp)
pgroot=""
smtproot=""
smtppid=""
cleanup() {
    if [ -n "$smtppid" ]; then
        kill "$smtppid" 2>/dev/null || true
        wait "$smtppid" 2>/dev/null || true
    fi
    [ -n "$smtproot" ] && rm -rf "$smtproot"
    if [ -n "$pgroot" ]; then
        as_pg "$(pg_bin)/pg_ctl" -D "$pgroot/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pgroot"
    fi
    rm -f "$log" "$pglog" "$pkglog"
}
trap cleanup EXIT
# How long a phase took and how busy the processors were meanwhile (from /proc/stat), so that a slow CI run shows
# whether it waited or computed.
phase_start() { phase_t=$(date +%s); read -r _ u n sy id io _ </proc/stat; phase_busy=$((u + n + sy)); phase_all=$((u + n + sy + id + io)); }
phase_end() {
    local u n sy id io
    read -r _ u n sy id io _ </proc/stat
    echo "test.sh: $1 took $(($(date +%s) - phase_t)) s, processors $(( (u + n + sy - phase_busy) * 100 / (u + n + sy + id + io - phase_all + 1) ))% busy"
}
# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
failed=0

phase_start
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
phase_end "the build and the format check"

# One SMTP sink (tests/smtp/sink.py, aiosmtpd) for both runs: the mail tests send to it (tests/Shared/SmtpSink.cs),
# each to recipient domains of its own.
start_smtp() {
    local port i
    smtproot=$(mktemp -d /tmp/haven-smtp.XXXXXX) || return 1
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
    /usr/bin/python3 tests/smtp/sink.py --port "$port" --dir "$smtproot/mail" >"$smtproot/sink.log" 2>&1 </dev/null &
    smtppid=$!
    for i in $(seq 1 100); do
        grep -q "^listening" "$smtproot/sink.log" 2>/dev/null && break
        kill -0 "$smtppid" 2>/dev/null || return 1
        sleep 0.1
    done
    grep -q "^listening" "$smtproot/sink.log" || return 1
    export HAVEN_TEST_SMTP="127.0.0.1:$port" HAVEN_TEST_SMTP_DIR="$smtproot/mail"
}
if ! start_smtp; then
    echo "test.sh: could not start the SMTP sink (tests/smtp/sink.py); the mail tests start their own"
    [ -n "$smtproot" ] && tail -5 "$smtproot/sink.log" 2>/dev/null
fi

phase_start
dotnet test Haven.slnx --no-build -nologo 2>&1 | tee "$log" | grep -vE "^\s*$|Test run for|A total of|VSTest version|Starting test execution" || true
phase_end "the SQLite run"

# The second run: a throwaway cluster (fsync off, loopback only, trust authentication for this local test
# user), one fresh database per test server (tests/Shared/TestDatabases.cs).
start_postgres() {
    local bin port
    bin=$(pg_bin) || return 1
    pgroot=$(mktemp -d /tmp/haven-pg.XXXXXX) || return 1
    [ "$(id -u)" = 0 ] && chown postgres: "$pgroot"
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
    as_pg "$bin/initdb" -D "$pgroot/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pgroot/initdb.log" 2>&1 \
        || as_pg "$bin/initdb" -D "$pgroot/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$pgroot/initdb.log" 2>&1 || return 1
    as_pg "$bin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgroot -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null || return 1
    export HAVEN_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
    export HAVEN_TEST_POSTGRES_DATA="$pgroot/data"
}

if start_postgres; then
    echo "test.sh: again on PostgreSQL ($HAVEN_TEST_POSTGRES)"
    phase_start
    for project in tests/Haven.Core.Tests tests/Haven.Web.Tests; do
        dotnet test "$project" --no-build -nologo --filter "Database!=independent" 2>&1 | tee -a "$pglog" \
            | grep -vE "^\s*$|Test run for|A total of|VSTest version|Starting test execution" || true
    done
    phase_end "the PostgreSQL run"
else
    echo "test.sh: could not start a PostgreSQL cluster for the second run"
    [ -n "$pgroot" ] && cat "$pgroot"/*.log 2>/dev/null | tail -20
    failed=$((failed + 1))
fi

# The package: built, installed with dpkg -i, started as the haven user without the SDK, upgraded, removed
# (root only; otherwise one skipped). Its last line, "package: N passed, M failed", joins the totals.
phase_start
tests/package/install-test.sh 2>&1 | tee "$pkglog"
phase_end "the package test"
pkgline=$(grep -E "^package: [0-9]+ passed, [0-9]+ failed" "$pkglog" | tail -1)
if [ -z "$pkgline" ]; then
    echo "test.sh: tests/package/install-test.sh printed no result"
    failed=$((failed + 1))
fi
pkgsum() { echo "$pkgline" | grep -oE "[0-9]+ $1" | grep -oE "[0-9]+" || echo 0; }

sum() { grep -hoE "$1:\s+[0-9]+" "$log" "$pglog" | grep -oE "[0-9]+" | awk '{s+=$1} END {print s+0}'; }
passed=$(($(sum Passed) + $(pkgsum passed)))
failed=$((failed + $(sum Failed) + $(pkgsum failed)))
skipped=$(($(sum Skipped) + $(pkgsum skipped)))
assemblies=$(grep -cE "^(Passed|Failed)!" "$log")
if [ "$assemblies" -lt 3 ]; then
    echo "test.sh: expected results from every test project, got $assemblies"
    failed=$((failed + 1))
fi
pg_assemblies=$(grep -cE "^(Passed|Failed)!" "$pglog")
if [ -n "${HAVEN_TEST_POSTGRES:-}" ] && [ "$pg_assemblies" -lt 2 ]; then
    echo "test.sh: expected results from both test projects on PostgreSQL, got $pg_assemblies"
    failed=$((failed + 1))
fi
echo "SQLite: $(grep -oE "Passed:\s+[0-9]+" "$log" | grep -oE "[0-9]+" | awk '{s+=$1} END {print s+0}') passed; PostgreSQL: $(grep -oE "Passed:\s+[0-9]+" "$pglog" | grep -oE "[0-9]+" | awk '{s+=$1} END {print s+0}') passed; package: $(pkgsum passed) passed"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
