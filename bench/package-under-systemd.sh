#!/usr/bin/env bash
# The installed package as its unit runs it, against the framework-dependent build under the same unit (issue 20).
# A systemd boots in a container over this machine's root (tests/package/under-systemd.sh: writes go to a tmpfs),
# the .deb is installed there, and haven.service is started by systemd with every setting it ships (User=haven,
# HAVEN_CONFIG=/etc/haven/haven.json, DOTNET_EnableDiagnostics=0, the sandbox). The baseline is the same unit with
# one drop-in, ExecStart= the framework-dependent publish folder's Haven.Web (bound read-only at /opt/haven-fd), on
# the shared runtime of this machine (/usr/share/dotnet). In rounds that alternate which build goes first, for each:
# a fresh instance (`haven init`, untimed), `systemctl start` to the first 200 of / on the shipped address
# 127.0.0.1:5080, the visitor's pages three times, 10 s idle, the server's resident memory; then `systemctl restart`
# to the first 200 again. min / median / max over the rounds, and the ratio of medians installed / baseline.
# Root only; refuses where a haven package is installed (the container would see it).
# Usage: bench/package-under-systemd.sh HAVEN.deb FRAMEWORK-DEPENDENT-DIR [rounds=7]
#   FRAMEWORK-DEPENDENT-DIR: tools/publish.sh --rid linux-x64 --framework-dependent --out DIR
set -uo pipefail
deb=$(realpath "${1:?usage: bench/package-under-systemd.sh HAVEN.deb FRAMEWORK-DEPENDENT-DIR [rounds]}")
fd=$(realpath "${2:?the framework-dependent publish folder}")
rounds=${3:-7}
cd "$(dirname "$0")/.."
repo=$(pwd)
[ "$(id -u)" = 0 ] || { echo "package-under-systemd: root only (a container, dpkg)" >&2; exit 2; }
[ -x "$fd/Haven.Web" ] || { echo "package-under-systemd: $fd/Haven.Web is missing" >&2; exit 2; }
if dpkg-query -W -f='${Status}' haven 2>/dev/null | grep -q installed; then
    echo "package-under-systemd: a haven package is installed here; the container would see it" >&2
    exit 2
fi

work=$(mktemp -d /tmp/haven-bench-unit.XXXXXX)
chmod 0755 "$work"
# shellcheck source=tests/package/under-systemd.sh
. tests/package/under-systemd.sh
trap 'remove_container; rm -rf "$work"' EXIT
sd_extra=(--bind-ro="$fd:/opt/haven-fd")

mount_container || { echo "package-under-systemd: no overlay of / could be mounted" >&2; exit 1; }
cp "$deb" "$work/debs/"
boot_container || exit 1
in_container dpkg -i "/debs/$(basename "$deb")" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }

# Which build the unit starts: none (the package's own ExecStart) or the baseline's, by a drop-in.
use_build() {
    in_container rm -rf /etc/systemd/system/haven.service.d
    if [ "$1" = framework-dependent ]; then
        in_container mkdir -p /etc/systemd/system/haven.service.d
        in_container sh -c 'printf "[Service]\nExecStart=\nExecStart=/opt/haven-fd/Haven.Web\n" > /etc/systemd/system/haven.service.d/baseline.conf'
    fi
    in_container systemctl daemon-reload
}

fresh_instance() {
    in_container systemctl stop haven.service
    in_container find /var/lib/haven -mindepth 1 -delete
    in_container /usr/bin/haven init --recovery-stdout >/dev/null 2>"$work/init.err" || { cat "$work/init.err"; exit 1; }
}

# Milliseconds from $1 (nanoseconds since the epoch, taken just before systemctl) to the first 200 of /.
first_page_ms() {
    in_container /usr/bin/python3 - "$1" <<'PY'
import sys, time, urllib.request
start = int(sys.argv[1])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen("http://127.0.0.1:5080/", timeout=10) as response:
            if response.status == 200:
                print("%.0f" % ((time.time_ns() - start) / 1e6))
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
sys.exit("no first page within 120 s")
PY
}

visit() {
    in_container /usr/bin/python3 - <<'PY'
import urllib.request
for _ in range(3):
    for page in ("/", "/safety", "/return", "/figures"):
        with urllib.request.urlopen("http://127.0.0.1:5080" + page, timeout=30) as response:
            assert response.status == 200, page
PY
}

results=$work/results.tsv
round() { # round BUILD IDLE-SECONDS LABEL
    local build=$1 idle=$2 label=$3 t fresh restart pid rss anon files shmem runtime
    use_build "$build"
    fresh_instance
    t=$(date +%s%N)
    in_container systemctl start haven.service
    fresh=$(first_page_ms "$t") || exit 1
    visit || exit 1
    sleep "$idle"
    pid=$(unit_state MainPID)
    read -r rss anon files shmem < <(in_container sh -c "awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {printf \"%s \", \$2}' /proc/$pid/status")
    runtime=$(in_container sh -c "grep -m1 -o '/[^ ]*/libcoreclr.so' /proc/$pid/maps" | xargs dirname)
    t=$(date +%s%N)
    in_container systemctl restart haven.service
    restart=$(first_page_ms "$t") || exit 1
    echo "$label, $build: first page $fresh ms, after restart $restart ms, idle RSS $((rss / 1024)) MiB; runtime from $runtime; load $(cut -d' ' -f1-3 /proc/loadavg)"
    [ "$label" = warm-up ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$build" "$fresh" "$restart" "$rss" "$anon" "$files" "$shmem" >>"$results"
}

echo "package-under-systemd: $(basename "$deb") against $fd, $rounds rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
round installed 1 warm-up
round framework-dependent 1 warm-up
for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then order=(installed framework-dependent); else order=(framework-dependent installed); fi
    for build in "${order[@]}"; do round "$build" 10 "round $r"; done
done

/usr/bin/python3 - "$results" "$rounds" "$deb" <<'PY'
import statistics, subprocess, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def column(build, i, scale=1.0):
    return [float(r[i]) * scale for r in rows if r[0] == build]
def stats(values, digits):
    return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))
print()
print(f"| under systemd, {sys.argv[2]} rounds, min / median / max | installed package (self-contained) | framework-dependent, same unit | ratio of medians |")
print("|---|---|---|---|")
for name, i, scale, digits in (
    ("`systemctl start` to first 200 of `/`, fresh instance, ms", 1, 1, 0),
    ("`systemctl restart` to first 200 of `/`, ms", 2, 1, 0),
    ("idle RSS after start, page loads, 10 s, MiB", 3, 1 / 1024, 1),
    ("of which anonymous, MiB", 4, 1 / 1024, 1),
    ("of which mapped files, MiB", 5, 1 / 1024, 1),
    ("of which shared memory, MiB", 6, 1 / 1024, 1),
):
    a, b = column("installed", i, scale), column("framework-dependent", i, scale)
    print(f"| {name} | {stats(a, digits)} | {stats(b, digits)} | {statistics.median(a) / statistics.median(b):.2f}× |")
size = subprocess.run(["dpkg-deb", "-f", sys.argv[3], "Installed-Size"], capture_output=True, text=True).stdout.strip()
import os
print(f"| {os.path.basename(sys.argv[3])}: .deb / Installed-Size, MiB | {os.path.getsize(sys.argv[3]) / 1048576:.1f} / {int(size) / 1024:.1f} | | |")
PY
