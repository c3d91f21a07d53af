#!/bin/busybox sh
# /init of the kexkit test guest. Both kernels (the first one and the capture kernel) boot this
# same initramfs; the scenario script decides what each does. Lines starting "KEXKIT-GUEST:" on
# the serial console are what the host harness reads.
/bin/busybox --install -s /bin
export PATH=/bin:/opt/kexkit/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp /boot /dump
while read -r m; do
    insmod "/lib/modules/$m.ko" || echo "KEXKIT-GUEST: insmod $m failed"
done < /lib/modules/load-order

uptime_s() { cut -d' ' -f1 /proc/uptime; }
say() { echo "KEXKIT-GUEST: $*"; }
# Writes the run's marker to the kernel log at KERN_DEBUG: the dump's log must hold it, the console
# must not, since the kernel prints a console message at once, into the middle of a say line still
# draining from the tty.
mark() { echo "<7>$1" > /dev/kmsg; }
# A virtio disk appears a moment after its module loads.
wait_for() {
    i=0
    while [ ! -b "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -b "$1" ] || { say "no $1"; return 1; }
}
# Loads a module group the harness put in the image but /init does not load (lib/modules/group-NAME).
load_group() {
    while read -r m; do
        insmod "/lib/modules/$m.ko" || say "insmod $m failed"
    done < "/lib/modules/group-$1"
}
# Crash-loads with `kexkit kexec -p ARGS` (its output into FILE with -o FILE) and tells the host
# "kexec-load rc=N start=T end=T". A zero exit without a loaded crash kernel would leave the panic
# hanging until the host's timeout, so it counts as rc 99. Returns the rc.
crash_load() {
    out=/dev/console
    [ "$1" = -o ] && { out=$2; shift 2; }
    t0=$(uptime_s)
    kexkit kexec -p "$@" > "$out" 2>&1
    rc=$?
    t1=$(uptime_s)
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_crash_loaded)" != 1 ] && rc=99
    say "kexec-load rc=$rc start=$t0 end=$t1"
    return $rc
}
# Informational: the panic can stop the console before this line is out. The host times the panic
# from the kernel's own "sysrq: Trigger a crash", which the panic flushes.
panic_now() {
    say "panicking at $(uptime_s)"
    echo c > /proc/sysrq-trigger
}
say_memtotal() { say "$1 MemTotal $(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2) kB"; }
finish() {
    sync
    umount /dump 2>/dev/null
    umount /boot 2>/dev/null
    say "poweroff"
    # A kernel without ACPI (the KHO test kernel) cannot power off; QEMU runs -no-reboot, so a
    # reboot ends it as well.
    ${GUEST_POWEROFF:-poweroff} -f
}

. /etc/kexkit/guest.conf
if [ -e /proc/vmcore ]; then
    say "capture userspace at $(uptime_s)"
    . /etc/kexkit/scenario.sh
    capture
elif grep -q 'kexkit.stage=2' /proc/cmdline; then
    # A kernel started by kexec -l/-e (not a crash): the scenario's second act.
    say "second kernel userspace at $(uptime_s)"
    . /etc/kexkit/scenario.sh
    second
else
    say "first userspace at $(uptime_s)"
    . /etc/kexkit/scenario.sh
    first
fi
finish
