#!/usr/bin/env bash
# Checks that the linux-arm64 self-contained publish runs, under emulation (qemu-user-static) on an x86-64 machine:
# `haven --help`, `haven init` on a fresh folder, and the web host to its first page (200 of /).
#
#   tools/check-arm64.sh [--publish DIR | --deb FILE] [--sysroot DIR] [--keep]
#
#   --publish DIR  an existing linux-arm64 self-contained publish folder (Haven.Web and haven in one folder, as
#                  tools/publish.sh --rid linux-arm64 makes it); without it, one is published into
#                  artifacts/publish/linux-arm64-check with tools/publish.sh.
#   --deb FILE     the arm64 package (tools/package.sh --rid linux-arm64) instead: its control fields, every ELF
#                  file it installs under /usr/lib/haven built for aarch64 and none for another machine, then the
#                  three runs on its /usr/lib/haven as unpacked by dpkg-deb -x, with the unit's environment
#                  (DOTNET_EnableDiagnostics=0, HAVEN_CONFIG: the package's haven.json.example).
#   --sysroot DIR  where the arm64 C libraries are unpacked (default artifacts/arm64-sysroot; reused when there).
#   --keep         keep the temporary data folder.
#
# It installs qemu-user-static when missing (root: apt-get). The arm64 libraries the runtime needs (libc, libstdc++,
# ICU, OpenSSL, zlib) are fetched as Debian arm64 packages into a private apt state under the sysroot and unpacked
# there with dpkg-deb -x: the machine's own dpkg architectures and apt lists are left alone (no
# dpkg --add-architecture). Prints how long each step took. Exit 0 when all three run, 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
publish=""
package=""
sysroot="$here/artifacts/arm64-sysroot"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --publish) publish="$2"; shift 2 ;;
    --deb) package="$(realpath "$2")"; shift 2 ;;
    --sysroot) sysroot="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-arm64: unknown argument $1" >&2; exit 2 ;;
  esac
done

started=$SECONDS
step() { echo "check-arm64: $* ($((SECONDS - started)) s)"; }

if ! command -v qemu-aarch64-static >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "check-arm64: qemu-user-static is not installed and this is not root (apt-get install qemu-user-static)" >&2
    exit 2
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static >/dev/null
  step "installed qemu-user-static"
fi

if [ ! -e "$sysroot/.complete" ]; then
  # A private apt state: arm64 package lists and downloads only here, from the machine's configured sources.
  state="$sysroot/.apt"
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$sysroot/debs"
  apt_opts=(-o "APT::Architectures::=arm64" -o "APT::Architecture=arm64" -o "Dir::State::Lists=$state/lists"
    -o "Dir::Cache=$state/cache" -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" -qq)
  apt-get "${apt_opts[@]}" update >/dev/null
  (cd "$sysroot/debs" && apt-get "${apt_opts[@]}" download \
    libc6 libgcc-s1 libstdc++6 libicu72 libssl3 zlib1g >/dev/null)
  for deb in "$sysroot"/debs/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
  done
  touch "$sysroot/.complete"
  step "arm64 libraries unpacked into $sysroot ($(ls "$sysroot"/debs | wc -l) packages)"
fi

failed=0
data="$(mktemp -d /tmp/haven-arm64-XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ "$keep" = 0 ]; then rm -rf "$data"; fi
}
trap cleanup EXIT

if [ -n "$package" ]; then
  arch="$(dpkg-deb -f "$package" Package Architecture | tr '\n' ' ')"
  if [ "$arch" != "Package: haven Architecture: arm64 " ]; then
    echo "check-arm64: $package is '$arch', not the arm64 haven package" >&2
    exit 1
  fi
  dpkg-deb -x "$package" "$data/root"
  elf=0
  while IFS= read -r -d '' file; do
    if [ "$(head -c4 "$file" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
      elf=$((elf + 1))
      machine="$(od -An -tu2 -j18 -N2 "$file" | tr -d ' ')"
      if [ "$machine" != 183 ]; then
        echo "check-arm64: ${file#"$data/root"} is an ELF file for machine $machine, not aarch64 (183)" >&2
        failed=1
      fi
    fi
  done < <(find "$data/root" -type f -print0)
  step "$(basename "$package"): Architecture arm64, $elf ELF files, $([ "$failed" = 0 ] && echo all aarch64 || echo NOT all aarch64)"
  [ "$failed" = 0 ] || exit 1
  # The unit's environment, with the package's example configuration file standing for /etc/haven/haven.json.
  unit="$data/root/lib/systemd/system/haven.service"
  grep -q '^Environment=.*DOTNET_EnableDiagnostics=0' "$unit" || { echo "check-arm64: the package's unit lacks DOTNET_EnableDiagnostics=0" >&2; exit 1; }
  cp "$data/root/usr/share/haven/haven.json.example" "$data/haven.json"
  export HAVEN_CONFIG="$data/haven.json" DOTNET_EnableDiagnostics=0
  publish="$data/root/usr/lib/haven"
fi

if [ -z "$publish" ]; then
  publish="$here/artifacts/publish/linux-arm64-check"
  if [ -x "$here/tools/publish.sh" ]; then
    "$here/tools/publish.sh" --rid linux-arm64 --out "$publish"
  else
    for project in src/Haven.Web src/Haven.Cli; do
      dotnet publish "$here/$project" -c Release -r linux-arm64 --self-contained true -p:DebugType=none \
        -p:UseAppHost=true -o "$publish" -nologo -v quiet >/dev/null
    done
  fi
  step "published linux-arm64 into $publish"
fi

for program in haven Haven.Web; do
  # ELF e_machine (2 bytes at offset 18) is 183 for aarch64.
  if [ "$(od -An -tu2 -j18 -N2 "$publish/$program" 2>/dev/null | tr -d ' ')" != 183 ]; then
    echo "check-arm64: $publish/$program is not an arm64 executable" >&2
    exit 1
  fi
done

# qemu -L: the arm64 loader and libraries come from the sysroot; the app's own libraries from its folder.
run() { qemu-aarch64-static -L "$sysroot" "$@"; }

t=$SECONDS
if run "$publish/haven" --help >"$data/help.txt" 2>&1 && grep -q 'init' "$data/help.txt"; then
  step "haven --help ran under emulation in $((SECONDS - t)) s"
else
  echo "check-arm64: haven --help failed:" >&2; tail -20 "$data/help.txt" >&2; failed=1
fi

t=$SECONDS
if run "$publish/haven" init --data "$data/instance" --recovery-file "$data/recovery" >"$data/init.txt" 2>&1; then
  step "haven init ran under emulation in $((SECONDS - t)) s"
else
  echo "check-arm64: haven init failed:" >&2; tail -20 "$data/init.txt" >&2; failed=1
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
t=$SECONDS
if [ "$failed" = 0 ]; then
  # Started directly (not through run): $! must be qemu itself, so that the clean-up stops the server.
  qemu-aarch64-static -L "$sysroot" "$publish/Haven.Web" --data "$data/instance" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
    >"$data/web.txt" 2>&1 &
  server=$!
  answered=0
  for _ in $(seq 1 600); do
    if ! kill -0 "$server" 2>/dev/null; then break; fi
    code="$(curl -s -o "$data/page.html" -w '%{http_code}' "http://127.0.0.1:$port/" || true)"
    if [ "$code" = 200 ]; then answered=1; break; fi
    sleep 0.5
  done
  if [ "$answered" = 1 ] && grep -qi '<html' "$data/page.html"; then
    step "the web host answered 200 on / under emulation after $((SECONDS - t)) s"
  else
    echo "check-arm64: the web host did not answer 200 on / within 300 s:" >&2; tail -20 "$data/web.txt" >&2; failed=1
  fi
fi

step "done"
if [ "$failed" = 0 ]; then
  echo "check-arm64: ok (linux-arm64 ${package:+package }publish ran under qemu-aarch64-static: --help, init, first page) in $((SECONDS - started)) s"
else
  echo "check-arm64: FAILED after $((SECONDS - started)) s" >&2
fi
exit "$failed"
