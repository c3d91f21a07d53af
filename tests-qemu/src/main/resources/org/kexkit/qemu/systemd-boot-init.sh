#!/bin/busybox sh
# /init of the systemd guest's first kernel: load the virtio disk drivers, mount the root disk
# (found by its label, as /etc/fstab names it) read-write and hand over to systemd.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say() { echo "kexkit-boot: $*" > /dev/console; }
while read -r m; do
    [ -n "$m" ] && { insmod "/lib/modules/$m.ko" || say "insmod $m failed"; }
done < /lib/modules/load-order
i=0
dev=$(findfs LABEL=kexkit-root 2>/dev/null)
while [ -z "$dev" ] && [ $i -lt 100 ]; do
    sleep 0.1; i=$((i + 1)); dev=$(findfs LABEL=kexkit-root 2>/dev/null)
done
if [ -z "$dev" ] || ! mount -t ext4 -o rw "$dev" /newroot; then
    say "ROOT FAILED: no disk labelled kexkit-root to mount"
    poweroff -f
fi
say "root $dev mounted; starting systemd"
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
