#!/usr/bin/env bash
# The Debian package, installed on this machine (issue 20): builds it (tools/package.sh), installs it with dpkg -i,
# checks the layout, owners and modes, starts the installed web host as the haven user the way haven.service
# does (its ExecStart, Environment, User, UMask and LimitCORE, read from the installed unit) without the SDK,
# sets the instance up with the installed `haven`, sends a request over HTTP with the no-JavaScript form, upgrades
# to a second package of another version and checks the receipt still opens its conversation, then removes and
# purges the package (the data directory must stay, and the messages must say so); then does it all again under a
# real systemd, booted in a container over this machine's root (tests/package/under-systemd.sh): the unit's
# sandbox as the kernel applies it, restarts, an upgrade of the running service, a reboot; and cleans up.
# Root only (dpkg, a system user); otherwise it counts as skipped. Refuses to run where a haven package, user or
# /var/lib/haven already exists: it deletes them at the end.
# Usage: tests/package/install-test.sh [--from PUBLISHED]  (an existing linux-x64 publish of tools/publish.sh)
# Ends with one line: "package: N passed, M failed" (", 1 skipped" when not root).
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
started=$(date +%s)
# shellcheck source=tests/package/under-systemd.sh
. tests/package/under-systemd.sh

published=""
[ "${1:-}" = --from ] && published=${2:?--from needs a folder}

if [ "$(id -u)" != 0 ]; then
    echo "package: not root, so the package is not installed here"
    echo "package: 0 passed, 0 failed, 1 skipped"
    exit 0
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "package: FAILED: $*"; }
check() { # check DESCRIPTION COMMAND...: one check, passed when the command succeeds
    local what=$1
    shift
    if "$@"; then pass; else fail "$what"; fi
}
finish() {
    echo "package: took $(($(date +%s) - started)) s"
    echo "package: $passed passed, $failed failed"
    exit 0
}

if dpkg-query -W -f='${Status}' haven 2>/dev/null | grep -q installed || getent passwd haven >/dev/null || [ -e /var/lib/haven ] || [ -e /etc/haven ]; then
    fail "a haven package, user, /var/lib/haven or /etc/haven exists on this machine already; this test deletes them, so it did not run"
    finish
fi

work=$(mktemp -d /tmp/haven-package-test.XXXXXX)
chmod 0755 "$work"
server=""
cleanup() {
    remove_container
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    dpkg --purge haven >/dev/null 2>&1
    getent passwd haven >/dev/null && userdel haven
    getent group haven >/dev/null && groupdel haven
    rm -rf /var/lib/haven /etc/haven "$work"
}
trap cleanup EXIT

# --- Two packages of one build: the second differs only in its version, as an upgrade does here. ---
if [ -z "$published" ]; then
    published=$work/publish
    if ! tools/publish.sh --rid linux-x64 --out "$published" --version 1.0.0 >"$work/publish-output.txt" 2>&1; then
        cat "$work/publish-output.txt"
        fail "tools/publish.sh"
        finish
    fi
    sed 's/^/package: /' "$work/publish-output.txt"
fi
for version in 1.0.0 1.0.1; do
    if ! tools/package.sh --version "$version" --from "$published" --out "$work" --fast >"$work/package-$version.log" 2>&1; then
        cat "$work/package-$version.log"
        fail "tools/package.sh --version $version"
        finish
    fi
    sed 's/^/package: /' "$work/package-$version.log"
done
first=$work/haven_1.0.0_amd64.deb
second=$work/haven_1.0.1_amd64.deb

# --- Install. ---
dpkg -i "$first" >"$work/install.log" 2>&1
check "dpkg -i $(basename "$first") (log: $(cat "$work/install.log"))" test "$(dpkg-query -W -f='${Status} ${Version}' haven 2>/dev/null)" = "install ok installed 1.0.0"
check "the first-run message tells how to get the set-up link" grep -q "journalctl -u haven" "$work/install.log"
check "the first-run message names haven init" grep -q "haven init --recovery-stdout" "$work/install.log"

mode() { stat -c '%a %U:%G' "$1" 2>/dev/null; }
expect_mode() { # expect_mode PATH "MODE OWNER:GROUP"
    local actual
    actual=$(mode "$1")
    [ "$actual" = "$2" ] || { echo "package: $1 is '$actual', expected '$2'"; return 1; }
}
check "the haven system user, no login shell" test "$(getent passwd haven | cut -d: -f6,7)" = "/var/lib/haven:/usr/sbin/nologin"
check "/etc/haven" expect_mode /etc/haven "750 root:haven"
check "/etc/haven/haven.json" expect_mode /etc/haven/haven.json "600 haven:haven"
check "/var/lib/haven" expect_mode /var/lib/haven "700 haven:haven"
check "/usr/bin/haven" expect_mode /usr/bin/haven "755 root:root"
check "/usr/lib/haven/Haven.Web" expect_mode /usr/lib/haven/Haven.Web "755 root:root"
check "/usr/lib/haven/haven" expect_mode /usr/lib/haven/haven "755 root:root"
check "/lib/systemd/system/haven.service" expect_mode /lib/systemd/system/haven.service "644 root:root"
check "nothing in /usr/lib/haven is writable by anyone but root" test -z "$(find /usr/lib/haven -perm /022 -print -quit)"
unit=/lib/systemd/system/haven.service
if command -v systemd-analyze >/dev/null; then
    check "systemd-analyze verify haven.service: $(systemd-analyze verify "$unit" 2>&1)" test -z "$(systemd-analyze verify "$unit" 2>&1 | grep -v 'Failed to add .*\.slice\|No such file or directory.*\.slice')"
    exposure=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null | grep -oE 'Overall exposure level for haven.service: [0-9.]+ [A-Z]+')
    echo "package: systemd-analyze security --offline=yes: ${exposure:-no figure}"
fi

# --- The unit's own settings, as systemd would apply them. ---
unit_value() { sed -n "s/^$1=//p" "$unit" | tail -1; }
exec_start=$(unit_value ExecStart)
user=$(unit_value User)
workdir=$(unit_value WorkingDirectory)
umask_value=$(unit_value UMask)
core=$(unit_value LimitCORE)
read -ra environment <<<"$(unit_value Environment)"
check "the unit runs /usr/lib/haven/Haven.Web as haven" test "$exec_start $user" = "/usr/lib/haven/Haven.Web haven"
check "the unit's environment" test "${environment[*]}" = "HAVEN_DATA=/var/lib/haven HAVEN_CONFIG=/etc/haven/haven.json DOTNET_EnableDiagnostics=0"

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
sed -i "s|\"Urls\": \"http://127.0.0.1:5080\"|\"Urls\": \"$base\"|" /etc/haven/haven.json
check "haven.json names the test's port and keeps its owner and mode" test "$(grep -c "$base" /etc/haven/haven.json) $(mode /etc/haven/haven.json)" = "1 600 haven:haven"

# No SDK, no shared runtime: an empty environment, a PATH without dotnet, DOTNET_ROOT unset.
bare=(env -i PATH=/nonexistent LANG=C.UTF-8)
start_server() {
    (
        cd "$workdir" || exit 1
        umask "$umask_value"
        [ "$core" = 0 ] && ulimit -c 0
        exec "${bare[@]}" "${environment[@]}" HOME=/var/lib/haven \
            /usr/bin/setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs -- "$exec_start"
    ) >"$work/server-$1.log" 2>&1 &
    server=$!
    /usr/bin/python3 tests/package/intake.py wait "$base"
}
stop_server() {
    kill -TERM "$server"
    wait "$server"
    local code=$?
    server=""
    [ "$code" = 0 ] || { echo "package: the server exited $code: $(tail -3 "$work/server-$1.log")"; return 1; }
}
cli() { "${bare[@]}" /usr/bin/haven "$@"; }

# --- Set-up through the installed CLI, as root (it runs as haven). ---
cli init --recovery-stdout >"$work/init.out" 2>"$work/init.err"
check "haven init --recovery-stdout: $(cat "$work/init.err")" grep -q "^haven-recovery-v1: " "$work/init.out"
check "haven init wrote as the haven user" expect_mode /var/lib/haven/instance.key "600 haven:haven"
printf 'a long passphrase for the package test\n' | cli responder add --name "Package Admin" --role admin >"$work/add.out" 2>"$work/add.err"
check "haven responder add: $(cat "$work/add.err")" test -s "$work/add.out"
check "/usr/bin/haven refuses anyone but root and haven" bash -c "! setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/haven --help >/dev/null 2>&1"

# --- The installed web host, without the SDK, as the unit runs it. ---
if start_server first; then
    pass
    check "the runtime is the package's own (libcoreclr from /usr/lib/haven)" grep -q " /usr/lib/haven/libcoreclr.so$" "/proc/$server/maps"
    check "nothing from /usr/share/dotnet is mapped" bash -c "! grep -q /usr/share/dotnet /proc/$server/maps"
    check "the server runs as haven" test "$(stat -c %U "/proc/$server")" = haven
    receipt=$(/usr/bin/python3 tests/package/intake.py submit "$base" "a request sent to the installed package")
    check "a request sent with the no-JavaScript form gets a receipt" test -n "$receipt"
    check "the server stopped cleanly" stop_server first
else
    fail "the installed web host did not answer: $(tail -5 "$work/server-first.log")"
    finish
fi

# --- Upgrade: the same data and configuration, migrations applied once by postinst. ---
dpkg -i "$second" >"$work/upgrade.log" 2>&1
check "dpkg -i $(basename "$second") upgrades (log: $(cat "$work/upgrade.log"))" test "$(dpkg-query -W -f='${Status} ${Version}' haven)" = "install ok installed 1.0.1"
check "the upgrade applied the migrations" grep -q "Database is up to date." "$work/upgrade.log"
check "the upgrade kept haven.json" test "$(grep -c "$base" /etc/haven/haven.json) $(mode /etc/haven/haven.json)" = "1 600 haven:haven"
check "the upgrade kept the data directory" expect_mode /var/lib/haven/instance.key "600 haven:haven"
if start_server second; then
    pass
    check "the receipt from before the upgrade still opens its conversation" /usr/bin/python3 tests/package/intake.py open "$base" "$receipt"
    check "a wrong receipt does not (the check above can fail)" bash -c "! /usr/bin/python3 tests/package/intake.py open '$base' 1234567890123456789 2>/dev/null"
    check "the server stopped cleanly after the upgrade" stop_server second
else
    fail "the upgraded web host did not answer: $(tail -5 "$work/server-second.log")"
fi

# --- Remove and purge: the data directory stays, and the messages say where it is. ---
dpkg --remove haven >"$work/remove.log" 2>&1
check "dpkg --remove (log: $(cat "$work/remove.log"))" test ! -e /usr/lib/haven/Haven.Web
check "remove says the data directory is kept" grep -q "the data directory /var/lib/haven is kept" "$work/remove.log"
check "remove names haven wipe" grep -q "haven wipe" "$work/remove.log"
check "remove keeps the configuration" test -e /etc/haven/haven.json
dpkg --purge haven >"$work/purge.log" 2>&1
check "dpkg --purge (log: $(cat "$work/purge.log"))" test -z "$(dpkg-query -W -f='${Status}' haven 2>/dev/null | grep installed)"
check "purge says it removed the configuration" grep -q "removed the configuration /etc/haven" "$work/purge.log"
check "purge removed /etc/haven" test ! -e /etc/haven
check "purge says the data directory is kept" grep -q "the data directory /var/lib/haven is kept" "$work/purge.log"
check "purge kept the data directory and its key" expect_mode /var/lib/haven/instance.key "600 haven:haven"

# --- Under systemd: a fresh install in a container over this machine's root, without this test's haven user and
# data directory (the container would see them). ---
getent passwd haven >/dev/null && userdel haven
getent group haven >/dev/null && groupdel haven
rm -rf /var/lib/haven /etc/haven
under_systemd "$first" "$second"
remove_container
finish
