# Scenario: the reference capture for footprint comparisons. kexkit crash-loads the same kernel with
# makedumpfile's own small image (MakedumpfileImage, on the boot disk at /boot/mdf/capture.img) and
# the guest panics; that image's /init writes makedumpfile -d 31 -z to the data disk and powers off.
# Sourced by /init; guest.conf sets MARKER.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    echo "$MARKER" > /dev/kmsg
    t0=$(uptime_s)
    # the command line kexkit kdump load would build here: the running one without crashkernel=, plus its defaults
    kexkit kexec -p /boot/vmlinuz --initrd=/boot/mdf/capture.img --append="console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices"
    rc=$?
    t1=$(uptime_s)
    say "kexec-load rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || return
    say "panicking at $(uptime_s)"
    echo c > /proc/sysrq-trigger
}

capture() {
    say "the harness image booted as a capture kernel"
}
