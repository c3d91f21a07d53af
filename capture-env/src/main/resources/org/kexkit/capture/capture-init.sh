#!/bin/busybox sh
# /init of the capture environment 'kexkit kdump setup' builds. The capture kernel runs it after a crash:
# it loads the modules the dump target needs, mounts the target read-write, runs 'kexkit kdump capture'
# (which writes dmesg.txt, the dump and its status record) and carries out the 'action:' line it prints.
# For an ssh target it brings the network up with DHCP first; ssh is /usr/bin/ssh.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /mnt/target
say() { echo "kexkit-capture: $*" > /dev/console; }
while read -r m; do
    [ -n "$m" ] && { insmod "/lib/modules/$m.ko" || say "insmod $m failed"; }
done < /lib/modules/load-order
. /etc/kexkit/capture.conf
action=$FAILURE_ACTION
# the device with a UUID=/LABEL= spec; a disk appears a moment after its driver loads: wait up to 10 s
find_device() {
    i=0
    dev=$(findfs "$1" 2>/dev/null)
    while [ -z "$dev" ] && [ $i -lt 100 ]; do
        sleep 0.1; i=$((i + 1)); dev=$(findfs "$1" 2>/dev/null)
    done
    [ -n "$dev" ] && echo "$dev"
}
# every interface with a device (not lo) up, the first DHCP lease taken; a NIC appears a moment after its
# driver loads: wait up to 10 s for one
network_up() {
    ip link set lo up
    i=0
    while [ $i -lt 100 ]; do
        for d in /sys/class/net/*; do
            [ -e "$d/device" ] && break 2
        done
        sleep 0.1; i=$((i + 1))
    done
    for d in /sys/class/net/*; do
        [ -e "$d/device" ] || continue
        n=${d##*/}
        ip link set "$n" up
        if udhcpc -i "$n" -f -q -n -t 5 -T 2 -s /etc/kexkit/udhcpc.sh > /dev/null 2>&1; then
            say "network: $n $(ip -4 -o addr show dev "$n" | awk '{print $4}')"
            return 0
        fi
    done
    say "DUMP FAILED: no DHCP lease on any network interface"
    return 1
}
target_mounted=0
if [ -e /proc/vmcore ]; then
    if [ -n "$TARGET_SPEC" ]; then
        dev=$(find_device "$TARGET_SPEC")
        if [ -z "$dev" ]; then
            say "DUMP FAILED: no device with $TARGET_SPEC"
        elif ! mount -t "$TARGET_FSTYPE" -o rw "$dev" /mnt/target; then
            say "DUMP FAILED: cannot mount $dev ($TARGET_SPEC, $TARGET_FSTYPE)"
        else
            target_mounted=1
        fi
    fi
    if [ -n "$RUNTIME_SPEC" ]; then
        # kexkit's runtime from the filesystem it is installed on: the target's when it is the same one, else
        # read-only without replaying a journal (the crashed system's filesystem is not written for this)
        mkdir -p /mnt/runtime
        if [ "$RUNTIME_SPEC" = "$TARGET_SPEC" ] && [ $target_mounted = 1 ]; then
            mount -o bind /mnt/target /mnt/runtime || say "DUMP FAILED: cannot bind /mnt/target to /mnt/runtime"
        else
            case "$RUNTIME_FSTYPE" in
                ext4) opts=ro,noload ;;
                xfs) opts=ro,norecovery ;;
                *) opts=ro ;;
            esac
            dev=$(find_device "$RUNTIME_SPEC")
            if [ -z "$dev" ]; then
                say "DUMP FAILED: no device with $RUNTIME_SPEC for the kexkit runtime"
            elif ! mount -t "$RUNTIME_FSTYPE" -o "$opts" "$dev" /mnt/runtime; then
                say "DUMP FAILED: cannot mount the kexkit runtime's $dev ($RUNTIME_SPEC, $RUNTIME_FSTYPE)"
            fi
        fi
    fi
    [ "$NETWORK" = dhcp ] && network_up
    # on the console as it goes, and kept for the action line; its exit status kept past the pipe (no pipefail)
    { kexkit kdump capture; echo $? > /tmp/capture.rc; } | tee /tmp/capture.out > /dev/console
    line=$(grep '^action: ' /tmp/capture.out | tail -n 1)
    [ -n "$line" ] && action=${line#action: }
    rc=$(cat /tmp/capture.rc 2>/dev/null)
    if [ -n "$rc" ] && [ "$rc" -gt 128 ]; then
        # killed (SIGKILL from the OOM killer, most likely): nothing after the kill ran, so no status record and
        # no action line; the dump's writer keeps its partial file marked incomplete at every moment
        by=""
        dmesg | grep -q 'Killed process' && by=" (the kernel log names an OOM kill)"
        say "DUMP FAILED: kexkit was killed by signal $((rc - 128))$by; the partial dump is marked incomplete"
        action=$FAILURE_ACTION
    fi
    sync
    umount /mnt/runtime 2>/dev/null
    umount /mnt/target 2>/dev/null
else
    say "no /proc/vmcore: not a capture kernel"
fi
say "after the capture: $action"
case "$action" in
    halt) halt -f ;;
    poweroff) poweroff -f ;;
    shell) exec sh < /dev/console > /dev/console 2>&1 ;;
    *) reboot -f ;;
esac
