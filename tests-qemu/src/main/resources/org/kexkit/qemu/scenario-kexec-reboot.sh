# Scenario: load the same kernel as a normal kexec image with kexkit (kexec_load, -c), execute it
# with -e, and show that the second kernel reaches userspace with the command line it was given.
# Sourced by /init; guest.conf sets MARKER and LOAD_ARGS.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    t0=$(uptime_s)
    kexkit kexec -l /boot/vmlinuz --initrd=/boot/initrd.img \
        --append="console=ttyS0 panic=-1 rootfstype=ramfs kexkit.stage=2 kexkit.marker=$MARKER" $LOAD_ARGS
    rc=$?
    t1=$(uptime_s)
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_loaded)" != 1 ] && rc=99
    say "kexec-load rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || return
    umount /boot
    say "kexec-exec at $(uptime_s)"
    kexkit kexec -e
    say "kexec-exec returned rc=$?"
}

second() {
    say "second cmdline $(cat /proc/cmdline)"
    say "second release $(uname -r)"
}
