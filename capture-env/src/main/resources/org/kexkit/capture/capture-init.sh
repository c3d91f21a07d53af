#!/bin/busybox sh
# /init of the capture environment 'kexkit kdump setup' builds. The capture kernel runs it after a crash:
# it loads the modules the dump target needs, mounts the target read-write, runs 'kexkit kdump capture'
# (which writes dmesg.txt, the dump and its status record) and carries out the 'action:' line it prints.
/bin/busybox --install -s /bin
export PATH=/bin
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
if [ -e /proc/vmcore ]; then
    if [ -n "$TARGET_SPEC" ]; then
        # a disk appears a moment after its driver loads: wait up to 10 s
        i=0
        dev=$(findfs "$TARGET_SPEC" 2>/dev/null)
        while [ -z "$dev" ] && [ $i -lt 100 ]; do
            sleep 0.1; i=$((i + 1)); dev=$(findfs "$TARGET_SPEC" 2>/dev/null)
        done
        if [ -z "$dev" ]; then
            say "DUMP FAILED: no device with $TARGET_SPEC"
        elif ! mount -t "$TARGET_FSTYPE" -o rw "$dev" /mnt/target; then
            say "DUMP FAILED: cannot mount $dev ($TARGET_SPEC, $TARGET_FSTYPE)"
        fi
    fi
    # on the console as it goes, and kept for the action line
    kexkit kdump capture | tee /tmp/capture.out > /dev/console
    line=$(grep '^action: ' /tmp/capture.out | tail -n 1)
    [ -n "$line" ] && action=${line#action: }
    sync
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
