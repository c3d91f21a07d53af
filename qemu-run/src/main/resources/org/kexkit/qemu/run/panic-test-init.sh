#!/bin/busybox sh
# /init of the first kernel in 'kexkit qemu-test': loads this same kernel as the capture kernel with kexkit
# (kexec_file_load, the capture image kdump setup's code built), writes the marker to the kernel log and
# panics with sysrq-c (a kernel without CONFIG_MAGIC_SYSRQ: by ending /init, which panics too). Each step
# prints a "kexkit-qemu-test:" line the host waits for and times. It ends with a reboot, not a power-off:
# QEMU runs with -no-reboot, and a kernel without ACPI cannot power off (it halts, and QEMU would wait).
/bin/busybox --install -s /bin
export PATH=/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say() { echo "kexkit-qemu-test: $*" > /dev/console; }
up() { cut -d' ' -f1 /proc/uptime; }
. /etc/kexkit/panic-test.conf
say "userspace at $(up)"
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
export KEXKIT_JAVA_OPTS="-Xss512k -Xmx160m -Djava.io.tmpdir=/tmp"
t0=$(up)
/usr/lib/kexkit/bin/kexkit kexec -p /boot/vmlinuz --initrd=/boot/capture.img --append="$CAPTURE_CMDLINE" -s > /dev/console 2>&1
rc=$?
t1=$(up)
say "load rc=$rc start=$t0 end=$t1"
if [ "$rc" != 0 ]; then
    say "LOAD FAILED"
    reboot -f
fi
# free the page cache of what was loaded: the first kernel's memory is what the dump holds
rm -f /boot/vmlinuz /boot/capture.img
echo "$MARKER" > /dev/kmsg
say "panicking at $(up)"
if [ -e /proc/sysrq-trigger ]; then
    echo c > /proc/sysrq-trigger
    say "still running after sysrq-c"
    reboot -f
fi
say "no /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ): ending /init, which panics"
exit 1
