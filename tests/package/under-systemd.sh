# The Debian package under a real systemd (issue 20), sourced by tests/package/install-test.sh after its own
# checks, with its check/pass/fail and $work. This machine's init is not systemd, so a systemd boots in a container
# (systemd-nspawn --boot) whose root is an overlay of this machine's root with the writes kept in a tmpfs: the
# same system, and nothing the container does (dpkg, the haven user, /var/lib/haven) reaches the real disk.
# Inside it: dpkg -i enables the unit without starting it; set-up with the installed `haven`; systemctl start;
# the sandbox as the kernel sees it (the service's user, no capabilities, no new privileges, a seccomp filter,
# no core dumps, a read-only system with /var/lib/haven writable, its own /tmp); a request over HTTP with the
# no-JavaScript form, whose text never reaches the journal; a broken haven.json fails once with exit 2 and is not
# restarted; a killed server is restarted; an upgrade restarts it on the new version; a reboot starts it; a stop
# is clean; a purge stops it and keeps the data directory.
# Usage (from install-test.sh): under_systemd FIRST.deb SECOND.deb

# The container's init, as this machine sees it; empty until booted.
sd_leader=""
sd_nspawn=""
# More systemd-nspawn options (bench/package-under-systemd.sh binds the framework-dependent build).
sd_extra=()

# A command inside the container, with the container's root and a clean environment.
in_container() {
    nsenter -t "$sd_leader" -a -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"
}

# The container's root: this machine's root under an overlay whose writes go to a tmpfs ($work/systemd-layer).
mount_container() {
    mkdir -p "$work/debs" "$work/systemd-root" "$work/systemd-layer"
    mount -t tmpfs -o size=3g,mode=0755 haven-test-layer "$work/systemd-layer" \
        && mkdir -p "$work/systemd-layer/upper" "$work/systemd-layer/work" \
        && mount -t overlay haven-test-root -o "lowerdir=/,upperdir=$work/systemd-layer/upper,workdir=$work/systemd-layer/work" "$work/systemd-root"
}

# Boots the container (again, on the same overlay after a poweroff); returns when its boot is finished.
boot_container() {
    setsid systemd-nspawn -q -D "$work/systemd-root" -M haven-test --private-network --register=no --keep-unit \
        --link-journal=no --boot --console=passive --bind-ro="$work/debs:/debs" "${sd_extra[@]}" >>"$work/nspawn.log" 2>&1 &
    sd_nspawn=$!
    sd_leader=""
    local i
    for i in $(seq 1 300); do
        sd_leader=$(pgrep -P "$sd_nspawn" | head -1)
        [ -n "$sd_leader" ] && [ "$(readlink "/proc/$sd_leader/exe" 2>/dev/null)" = /usr/lib/systemd/systemd ] && break
        sd_leader=""
        kill -0 "$sd_nspawn" 2>/dev/null || break
        sleep 0.2
    done
    [ -n "$sd_leader" ] || { echo "package: systemd-nspawn did not start systemd: $(tail -5 "$work/nspawn.log")"; return 1; }
    # "degraded" is a booted system too: some of this machine's own units may not start in a container. Until
    # systemd listens on its socket, systemctl answers nothing; then --wait returns when the boot is over.
    local state="" deadline=$((SECONDS + 180))
    while [ "$SECONDS" -lt "$deadline" ]; do
        state=$(timeout $((deadline - SECONDS + 1)) nsenter -t "$sd_leader" -a -- systemctl is-system-running --wait 2>/dev/null)
        case "$state" in
            running | degraded) return 0 ;;
            maintenance | stopping | offline) break ;;
        esac
        kill -0 "$sd_nspawn" 2>/dev/null || break
        sleep 0.5
    done
    echo "package: the container's systemd is '$state': $(tail -5 "$work/nspawn.log")"
    return 1
}

poweroff_container() {
    [ -n "$sd_nspawn" ] || return 0
    in_container systemctl poweroff >/dev/null 2>&1 || kill -TERM "$sd_nspawn" 2>/dev/null
    local i
    for i in $(seq 1 300); do
        kill -0 "$sd_nspawn" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$sd_nspawn" 2>/dev/null && kill -KILL "$sd_nspawn" 2>/dev/null
    wait "$sd_nspawn" 2>/dev/null
    sd_nspawn=""
    sd_leader=""
}

# Removes the container and its overlay (install-test.sh's cleanup calls it too).
remove_container() {
    poweroff_container
    mountpoint -q "$work/systemd-root" && umount "$work/systemd-root"
    mountpoint -q "$work/systemd-layer" && umount "$work/systemd-layer"
    rm -rf "$work/systemd-root" "$work/systemd-layer"
}

unit_state() { in_container systemctl show -p "$1" --value haven.service; }

# Waits up to 60 s until the service's ActiveState is $1 (and, given, its MainPID differs from $2).
wait_state() {
    local i
    for i in $(seq 1 300); do
        if [ "$(unit_state ActiveState)" = "$1" ] && { [ -z "${2:-}" ] || [ "$(unit_state MainPID)" != "$2" ]; }; then
            return 0
        fi
        sleep 0.2
    done
    echo "package: haven.service is $(unit_state ActiveState)/$(unit_state SubState), waited for $1: $(in_container journalctl -u haven.service -n 5 --no-pager -o cat)"
    return 1
}

# Inside the container, the shipped configuration's address (127.0.0.1:5080 on the container's own loopback).
page_answers() { in_container /usr/bin/python3 "$repo/tests/package/intake.py" wait http://127.0.0.1:5080 >/dev/null; }

# A field of /proc/MAINPID/status inside the container.
service_status() { in_container sh -c "sed -n 's/^$1:[[:space:]]*//p' /proc/$(unit_state MainPID)/status"; }

# A command in the service's own mount namespace (what ProtectSystem, ReadWritePaths and PrivateTmp made of it).
in_service_mounts() { in_container nsenter -t "$(unit_state MainPID)" -m -- "$@"; }

# Waits until the service is active (in a process other than $1, when given) and its first page answers.
serving() { wait_state active "${1:-}" && page_answers; }

# journald may file a line a moment after the process wrote it: up to 10 s.
journal_of_haven_has() {
    local i
    for i in $(seq 1 50); do
        in_container journalctl -u haven.service -o cat --no-pager | grep -qF -- "$1" && return 0
        sleep 0.2
    done
    return 1
}

nowhere_in_journal() { ! in_container journalctl -o cat --no-pager | grep -qF -- "$1"; }

file_lacks() { ! grep -qF -- "$1" "$2"; }

# Root itself cannot write where the service's mounts are read-only: /usr and /etc (EROFS).
system_read_only() {
    ! in_service_mounts touch /usr/lib/haven/.probe 2>/dev/null && ! in_service_mounts touch /etc/.probe 2>/dev/null
}

# ProtectHome=yes: /root is empty or unreadable for the service (this machine's /root is not empty).
home_hidden() { in_service_mounts sh -c '! ls /root/ >/dev/null 2>&1 || [ -z "$(ls -A /root/)" ]'; }

under_systemd() {
    local first=$1 second=$2
    if ! command -v systemd-nspawn >/dev/null; then
        fail "systemd-nspawn is missing (Debian package systemd-container; test.sh installs it)"
        return
    fi
    if ! mount_container; then
        fail "an overlay of / for the systemd container could not be mounted"
        return
    fi
    cp "$first" "$second" "$work/debs/"
    if ! boot_container; then
        fail "a systemd container booted"
        return
    fi
    pass
    local deb1=/debs/$(basename "$first") deb2=/debs/$(basename "$second")

    # --- Install under systemd: enabled, not started, the first-run message. ---
    in_container dpkg -i "$deb1" >"$work/systemd-install.log" 2>&1
    check "dpkg -i under systemd (log: $(cat "$work/systemd-install.log"))" test "$(in_container dpkg-query -W -f='${Status}' haven)" = "install ok installed"
    check "the package enabled haven.service" test "$(in_container systemctl is-enabled haven.service)" = enabled
    check "the package did not start it before set-up" test "$(unit_state ActiveState)" = inactive
    check "the first-run message does not say systemd is missing" file_lacks "systemd is not running here" "$work/systemd-install.log"
    local exposure
    exposure=$(in_container systemd-analyze security haven.service 2>/dev/null | grep -oE 'Overall exposure level for haven.service: [0-9.]+ [A-Z]+')
    echo "package: under systemd, systemd-analyze security: ${exposure:-no figure}"

    # --- Set-up with the installed CLI, then the service. ---
    in_container /usr/bin/haven init --recovery-stdout >"$work/systemd-init.out" 2>"$work/systemd-init.err"
    check "haven init under systemd: $(cat "$work/systemd-init.err")" grep -q "^haven-recovery-v1: " "$work/systemd-init.out"
    printf 'a long passphrase for the systemd test\n' | in_container /usr/bin/haven responder add --name "Systemd Admin" --role admin >"$work/systemd-add.out" 2>"$work/systemd-add.err"
    check "haven responder add under systemd: $(cat "$work/systemd-add.err")" test -s "$work/systemd-add.out"
    in_container systemctl start haven.service
    if ! wait_state active || ! page_answers; then
        fail "systemctl start haven: the shipped configuration's first page did not answer"
        return
    fi
    pass

    # --- The sandbox, as the kernel sees the running server. ---
    local haven_uid
    haven_uid=$(in_container id -u haven)
    check "the service runs as the haven user" test "$(service_status Uid | awk '{print $2}')" = "$haven_uid"
    check "no new privileges (NoNewPrivileges)" test "$(service_status NoNewPrivs)" = 1
    check "a seccomp filter (SystemCallFilter)" test "$(service_status Seccomp)" = 2
    check "no capabilities, none to gain (CapabilityBoundingSet=)" test "$(service_status CapEff) $(service_status CapBnd)" = "0000000000000000 0000000000000000"
    check "no core dumps (LimitCORE=0)" test "$(in_container sh -c "grep 'Max core file size' /proc/$(unit_state MainPID)/limits" | awk '{print $5 $6}')" = 00
    check "/usr and /etc are read-only to the service (ProtectSystem=strict)" system_read_only
    check "/var/lib/haven is writable to it (ReadWritePaths)" in_service_mounts sh -c 'touch /var/lib/haven/.probe && rm /var/lib/haven/.probe'
    in_container sh -c 'echo outside > /tmp/haven-test-outside'
    check "its /tmp is its own (PrivateTmp)" in_service_mounts test ! -e /tmp/haven-test-outside
    check "home directories are hidden from it (ProtectHome)" home_hidden

    # --- A request through the no-JavaScript form; its text never reaches the journal. ---
    local text="a request sent under systemd $RANDOM$RANDOM" receipt
    receipt=$(in_container /usr/bin/python3 "$repo/tests/package/intake.py" submit http://127.0.0.1:5080 "$text")
    check "a request sent to the service gets a receipt" test -n "$receipt"
    check "the journal says the server listens" journal_of_haven_has "Now listening on: http://127.0.0.1:5080"
    check "the request's text is nowhere in the journal" nowhere_in_journal "$text"

    # --- A broken configuration file: one failure with exit 2, not retried in a loop. ---
    in_container cp -p /etc/haven/haven.json /etc/haven/haven.json.good
    # Cut off in the middle of a password, which the journal must not repeat.
    local password="db-password-$RANDOM$RANDOM"
    in_container sh -c "printf '{ \"Haven\": { \"Database\": { \"ConnectionString\": \"Password=$password' > /etc/haven/haven.json"
    in_container systemctl restart haven.service >/dev/null 2>&1
    wait_state failed
    check "a broken haven.json ends the service with exit 2" test "$(unit_state ExecMainStatus)" = 2
    sleep 7 # longer than RestartSec=5s
    check "and it is not restarted (RestartPreventExitStatus=2)" test "$(unit_state ActiveState) $(unit_state NRestarts)" = "failed 0"
    check "the journal names the file" journal_of_haven_has /etc/haven/haven.json
    check "and not the password in it" nowhere_in_journal "$password"
    in_container mv /etc/haven/haven.json.good /etc/haven/haven.json
    in_container systemctl reset-failed haven.service
    in_container systemctl start haven.service
    check "with the file mended it starts again" serving

    # --- A killed server is restarted (Restart=on-failure). ---
    local before
    before=$(unit_state MainPID)
    in_container systemctl kill -s KILL haven.service
    check "a server killed with SIGKILL is started again by systemd" serving "$before"
    check "the receipt opens its conversation after the restart" in_container /usr/bin/python3 "$repo/tests/package/intake.py" open http://127.0.0.1:5080 "$receipt"

    # --- Upgrade while running: stopped, migrated once, started again on the new version. ---
    before=$(unit_state MainPID)
    in_container dpkg -i "$deb2" >"$work/systemd-upgrade.log" 2>&1
    check "dpkg -i upgrades under systemd (log: $(cat "$work/systemd-upgrade.log"))" test "$(in_container dpkg-query -W -f='${Version}' haven)" = "$(dpkg-deb -f "$second" Version)"
    check "the upgrade applied the migrations" grep -q "Database is up to date." "$work/systemd-upgrade.log"
    check "the upgrade started the service again, a new process" serving "$before"
    check "the receipt opens its conversation after the upgrade" in_container /usr/bin/python3 "$repo/tests/package/intake.py" open http://127.0.0.1:5080 "$receipt"

    # --- A reboot starts it (enabled, WantedBy=multi-user.target). ---
    poweroff_container
    if boot_container; then
        check "after a reboot the service is running" serving
        check "the receipt opens its conversation after the reboot" in_container /usr/bin/python3 "$repo/tests/package/intake.py" open http://127.0.0.1:5080 "$receipt"
    else
        fail "the container booted again"
        return
    fi

    # --- A clean stop, then purge: stopped by the package, data kept. ---
    in_container systemctl stop haven.service
    check "systemctl stop: a clean exit" test "$(unit_state ActiveState) $(unit_state Result) $(unit_state ExecMainStatus)" = "inactive success 0"
    in_container systemctl start haven.service
    wait_state active
    in_container dpkg --purge haven >"$work/systemd-purge.log" 2>&1
    check "dpkg --purge under systemd stops the service (log: $(cat "$work/systemd-purge.log"))" test -z "$(in_container pgrep -x Haven.Web)"
    check "and keeps the data directory" in_container test -s /var/lib/haven/instance.key
}
