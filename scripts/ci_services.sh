#!/usr/bin/env bash
# Start (or stop) the real services a clinic's Linux kiosk talks to, privately, for the
# integration tests (pytest -m services): PulseAudio with a null sink (what is "played" can be
# recorded from its monitor), speech-dispatcher with espeak-ng, and CUPS with a cups-pdf queue.
#
#   scripts/ci_services.sh install        apt-get the Debian packages (root)
#   scripts/ci_services.sh start DIR      start the daemons with all their state under DIR and
#                                         write DIR/env (the variables that point clients at them)
#   scripts/ci_services.sh stop DIR       stop the daemons started in DIR (by their recorded ids)
#   scripts/ci_services.sh stop-cups DIR / start-cups DIR    only CUPS (the "CUPS is down" test)
#
# Nothing here needs systemd or touches the machine's own services: every daemon runs in the
# foreground of a background job, listens only on Unix sockets under DIR, and keeps its
# configuration, spool and logs under DIR. PulseAudio and speech-dispatcher run unprivileged (as
# 'nobody' when started by root); cupsd runs as root because the cups-pdf backend must (as a real
# CUPS does), and drops to 'lp' for filters. The CUPS configuration sets `PreserveJobFiles No`,
# the setting docs/deploy.md asks IT for, so the tests check that no copy stays in the spool.
set -euo pipefail

PACKAGES=(pulseaudio pulseaudio-utils speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
          cups cups-client cups-pdf poppler-utils)

log() { echo "[ci-services] $*" >&2; }

install_packages() {
    export DEBIAN_FRONTEND=noninteractive
    # Debian's maintainer scripts try to start the daemons; in a chroot without an init system
    # that must not happen (and must not fail the install): policy-rc.d says "not now".
    local policy=/usr/sbin/policy-rc.d made=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; made=1; fi
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
    if [ "$made" = 1 ]; then rm -f "$policy"; fi
}

# as_user CMD...: run CMD unprivileged (as nobody when we are root), in the background
as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
    else
        exec "$@"
    fi
}

wait_for_socket() {  # wait_for_socket PATH WHAT LOGFILE
    local i
    for i in $(seq 1 100); do [ -S "$1" ] && return 0; sleep 0.1; done
    log "$2 did not start; its log:"; cat "$3" >&2 || true
    return 1
}

start() {
    local dir=$1
    if [ "$(id -u)" -ne 0 ]; then
        log "start as root: cupsd must run the cups-pdf backend as root (the other daemons drop to nobody)"
        exit 2
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    chmod 755 "$dir"
    local user_dir=$dir/user cups=$dir/cups
    mkdir -p "$user_dir/home" "$user_dir/runtime" "$user_dir/speechd" "$cups/conf/ppd" "$cups/spool/tmp" \
             "$cups/cache" "$cups/state" "$cups/log" "$cups/pdf"
    chmod 700 "$user_dir/runtime"
    if [ "$(id -u)" -eq 0 ]; then chown -R nobody:nogroup "$user_dir"; fi

    # --- PulseAudio: a null sink, anonymous access on a private socket ------------------------
    log "starting PulseAudio"
    as_user env HOME="$user_dir/home" XDG_RUNTIME_DIR="$user_dir/runtime" \
        pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n --use-pid-file=no --disable-shm=yes \
        --log-target=stderr --log-level=warning \
        --load="module-native-protocol-unix socket=$user_dir/pulse.sock auth-anonymous=1" \
        --load="module-null-sink sink_name=kiosk_out rate=22050 channels=1" \
        --load="module-always-sink" \
        >"$dir/pulseaudio.log" 2>&1 &
    echo $! >"$dir/pulseaudio.pid"
    wait_for_socket "$user_dir/pulse.sock" PulseAudio "$dir/pulseaudio.log"
    PULSE_SERVER="unix:$user_dir/pulse.sock" pactl set-default-sink kiosk_out

    # --- speech-dispatcher with espeak-ng, playing into that sink ------------------------------
    # Its own copy of the configuration, with PulseAudio as the only audio output (no falling
    # back to ALSA, which a CI machine does not have).
    log "starting speech-dispatcher"
    cp -r /etc/speech-dispatcher "$user_dir/speechd-conf"
    printf '\nAudioOutputMethod "pulse"\nAudioPulseServer "unix:%s"\n' "$user_dir/pulse.sock" \
        >>"$user_dir/speechd-conf/speechd.conf"
    if [ "$(id -u)" -eq 0 ]; then chown -R nobody:nogroup "$user_dir/speechd-conf"; fi
    as_user env HOME="$user_dir/home" XDG_RUNTIME_DIR="$user_dir/runtime" \
        PULSE_SERVER="unix:$user_dir/pulse.sock" \
        speech-dispatcher --run-single --timeout 0 --communication-method unix_socket \
        --config-dir "$user_dir/speechd-conf" \
        --socket-path "$user_dir/speechd.sock" --log-level 4 --log-dir "$user_dir/speechd" \
        --pid-file "$user_dir/speechd/speechd.pid" \
        >"$dir/speech-dispatcher.log" 2>&1 &
    echo $! >"$dir/speech-dispatcher.pid"
    wait_for_socket "$user_dir/speechd.sock" speech-dispatcher "$dir/speech-dispatcher.log"

    start_cups "$dir"

    cat >"$dir/env" <<EOF
export PULSE_SERVER=unix:$user_dir/pulse.sock
export KIOSK_TEST_MONITOR=kiosk_out.monitor
export SPEECHD_ADDRESS=unix_socket:$user_dir/speechd.sock
export CUPS_SERVER=$cups/cups.sock
export KIOSK_TEST_CUPS_DIR=$cups
export KIOSK_TEST_SERVICES_DIR=$dir
EOF
    log "services are up; source $dir/env to use them"
}

# CUPS with a cups-pdf queue, on a private socket, spool and configuration
start_cups() {
    local dir=$1
    local cups=$dir/cups
    log "starting CUPS"
    cat >"$cups/conf/cups-files.conf" <<EOF
ServerRoot $cups/conf
RequestRoot $cups/spool
TempDir $cups/spool/tmp
CacheDir $cups/cache
StateDir $cups/state
AccessLog $cups/log/access_log
ErrorLog $cups/log/error_log
PageLog $cups/log/page_log
User lp
Group lp
SystemGroup root
EOF
    cat >"$cups/conf/cupsd.conf" <<EOF
Listen $cups/cups.sock
LogLevel info
Browsing No
WebInterface No
# The printed list is the patient's: keep no copy of it once the job is done (docs/deploy.md).
PreserveJobFiles No
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    # cups-pdf reads its settings from /etc/cups only: cups-pdf-<instance>.conf for the queue
    # whose device is cups-pdf:/<instance>. One instance per services folder.
    local instance
    instance=kioskci$(echo "$dir" | cksum | cut -d' ' -f1)
    echo "/etc/cups/cups-pdf-$instance.conf" >"$dir/cups-pdf-conf"
    mkdir -p /etc/cups
    cat >"/etc/cups/cups-pdf-$instance.conf" <<EOF
Out $cups/pdf
AnonDirName $cups/pdf
UserUMask 0022
Grp lp
Log $cups/log
EOF
    chown lp:lp "$cups/spool" "$cups/spool/tmp" "$cups/cache" "$cups/state" 2>/dev/null || true
    chmod 1777 "$cups/pdf"
    rm -f "$cups/cups.sock"
    cupsd -f -c "$cups/conf/cupsd.conf" -s "$cups/conf/cups-files.conf" >"$dir/cupsd.log" 2>&1 &
    echo $! >"$dir/cupsd.pid"
    wait_for_socket "$cups/cups.sock" CUPS "$cups/log/error_log"
    CUPS_SERVER="$cups/cups.sock" lpadmin -p kiosk-pdf -E -v "cups-pdf:/$instance" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
    # US Letter, the size the kiosk lays its page out for (cups-pdf would default to A4)
    CUPS_SERVER="$cups/cups.sock" lpadmin -p kiosk-pdf -o PageSize=Letter
    CUPS_SERVER="$cups/cups.sock" lpadmin -d kiosk-pdf
}

stop_cups() {
    local dir=$1
    [ -f "$dir/cupsd.pid" ] || return 0
    kill "$(cat "$dir/cupsd.pid")" 2>/dev/null || true
    rm -f "$dir/cupsd.pid"
    local i
    for i in $(seq 1 50); do [ -S "$dir/cups/cups.sock" ] || break; sleep 0.1; done
}

stop() {
    local dir=$1 name pid
    for name in cupsd speech-dispatcher pulseaudio; do
        [ -f "$dir/$name.pid" ] || continue
        pid=$(cat "$dir/$name.pid")
        kill "$pid" 2>/dev/null || true
        rm -f "$dir/$name.pid"
    done
    if [ -f "$dir/cups-pdf-conf" ]; then rm -f "$(cat "$dir/cups-pdf-conf")" "$dir/cups-pdf-conf"; fi
    # speech-dispatcher's modules and cupsd's children end with their parent; give them a moment
    sleep 0.5
}

case "${1:-}" in
    install) install_packages ;;
    start) [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }; start "$2" ;;
    start-cups) [ $# -eq 2 ] || exit 2; start_cups "$(cd "$2" && pwd)" ;;
    stop-cups) [ $# -eq 2 ] || exit 2; stop_cups "$2" ;;
    stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
    *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
