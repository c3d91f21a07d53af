#!/bin/sh
# TEST IMAGE ONLY (kexkit's QEMU harness): what the test units of the systemd guest run.
# panic: after kexkit-kdump.service, kdump must be ready; a marker to the kernel log, the journal
#        to disk (the crashed boot's journal is read after the reboot), then sysrq-c.
# report: after the capture and the reboot, status --json, the kdump unit's journal of both boots
#        and udevd's (for complaints about kexkit's rule) to /var/lib/kexkit-test, then power off;
#        with SSH_CONF (the ssh leg) instead: switch kdump.conf to the ssh target, restart the unit
#        (setup rebuilds, load), crash again; the boot after that capture reports it and powers off.
. /etc/kexkit-test.conf
say() { echo "KEXKIT-SYSTEMD: $*" > /dev/console; }
# the marker goes to the kernel log at KERN_DEBUG, which the console does not print into a say line
mark() { echo "<7>$1" > /dev/kmsg; }
up() { cut -d' ' -f1 /proc/uptime; }
# the DHCP lease of systemd-networkd: a default route (no iproute2 in this root)
wait_net() {
    i=0
    while ! grep -q "^[^[:space:]]*[[:space:]]00000000" /proc/net/route && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
}
stop() { say "$1: powering off"; systemctl --no-block poweroff; exit 1; }
case "$1" in
panic)
    say "boot 1: kdump service done at $(up)"
    if ! kexkit kdump status > /run/kexkit-test-status.txt 2>&1; then
        cat /run/kexkit-test-status.txt > /dev/console
        say "KDUMP NOT READY: powering off"
        systemctl --no-block poweroff
        exit 1
    fi
    cat /run/kexkit-test-status.txt > /dev/console
    # one crash only: a boot after a capture that wrote nothing must not crash again (QEMU reboots the guest)
    if [ -e /var/lib/kexkit-test/crashed ]; then
        say "NO DUMP AFTER THE CRASH: powering off"
        systemctl --no-block poweroff
        exit 1
    fi
    mkdir -p -m 0700 /var/lib/kexkit-test
    touch /var/lib/kexkit-test/crashed
    mark "$MARKER"
    journalctl --sync
    sync
    say "panicking at $(up)"
    echo c > /proc/sysrq-trigger
    ;;
report)
    out=/var/lib/kexkit-test
    mkdir -p -m 0700 "$out"
    if [ -e "$out/crashed-ssh" ]; then
        say "boot 3: reporting the ssh dump at $(up)"
        wait_net
        kexkit kdump status --json > "$out/status-ssh.json" 2> "$out/status-ssh.err"
        echo $? > "$out/status-ssh.rc"
        journalctl -b 0 -u kexkit-kdump.service --no-pager -o short-monotonic > "$out/journal-boot3.txt" 2>&1
        sync
        say "report done at $(up); powering off"
        systemctl --no-block poweroff
        exit 0
    fi
    say "boot 2: reporting at $(up)"
    kexkit kdump status --json > "$out/status.json" 2> "$out/status.err"
    echo $? > "$out/status.rc"
    journalctl -b -1 -u kexkit-kdump.service --no-pager -o short-monotonic > "$out/journal-boot1.txt" 2>&1
    journalctl -b 0 -u kexkit-kdump.service --no-pager -o short-monotonic > "$out/journal-boot2.txt" 2>&1
    journalctl -b 0 -u systemd-udevd.service --no-pager > "$out/journal-udevd.txt" 2>&1
    sync
    if [ -z "$SSH_CONF" ]; then
        say "report done at $(up); powering off"
        systemctl --no-block poweroff
        exit 0
    fi
    say "boot 2: report written at $(up); switching to the ssh target"
    cp "$SSH_CONF" /etc/kexkit/kdump.conf
    wait_net
    timeout 1200 systemctl restart kexkit-kdump.service || stop "KDUMP NOT READY (ssh target): the unit failed"
    kexkit kdump status > /run/kexkit-test-status.txt 2>&1 || { cat /run/kexkit-test-status.txt > /dev/console; stop "KDUMP NOT READY (ssh target)"; }
    cat /run/kexkit-test-status.txt > /dev/console
    journalctl -b 0 -u kexkit-kdump.service --no-pager -o short-monotonic > "$out/journal-boot2-ssh.txt" 2>&1
    touch "$out/crashed-ssh"
    mark "$MARKER_SSH"
    journalctl --sync
    sync
    say "panicking again at $(up)"
    echo c > /proc/sysrq-trigger
    ;;
esac
