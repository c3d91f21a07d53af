# Scenario: the reference capture for footprint comparisons. kexkit crash-loads the same kernel with
# makedumpfile's own small image (MakedumpfileImage, on the boot disk at /boot/mdf/capture.img) and
# the guest panics; that image's /init writes makedumpfile -d 31 -z to the data disk and powers off.
# Sourced by /init; guest.conf sets MARKER.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mark "$MARKER"
    # the command line kexkit kdump load would build here: the running one without crashkernel=, plus its defaults
    crash_load /boot/vmlinuz --initrd=/boot/mdf/capture.img --append="console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices" \
        || return
    panic_now
}

capture() {
    say "the harness image booted as a capture kernel"
}
