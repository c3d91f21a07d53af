# Scenario: load the same kernel as a normal kexec image with kexkit (kexec_load, -c), execute it
# with -e, and show that the second kernel reaches userspace with the command line it was given.
# With LOCKDOWN_CHECK=1 the second kernel then raises its lockdown to integrity and tries to load
# an unsigned kernel with kexec_file_load and any kernel with kexec_load: both must be refused.
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS and LOCKDOWN_CHECK.

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
    [ "$LOCKDOWN_CHECK" = 1 ] && lockdown_check
}

# Lockdown only goes up, so it is raised here, at the end of the boot's other work; the kernel then
# refuses as one booted with lockdown=integrity does. The unsigned image is the signed vmlinuz with
# its PE signature cut off: the cert table entry (data directory 4 of the PE32+ optional header, at
# e_lfanew + 24 + 112 + 4 * 8) gives where the signature starts, and the entry is zeroed.
lockdown_check() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
    # the kernel's lockdown notices go to the serial console as it prints them, into the middle of a line of
    # ours still draining from the tty's buffer (once "KEXKIT-GUEST: lo[ 4.58] Kernel is locked down..."):
    # only emergencies reach the console from here on
    echo 1 > /proc/sys/kernel/printk
    t0=$(uptime_s)
    pe=$(od -An -tu4 -j60 -N4 /boot/vmlinuz)
    cert=$((pe + 168))
    set -- $(od -An -tu4 -j$cert -N8 /boot/vmlinuz)
    head -c "$1" /boot/vmlinuz > /tmp/vmlinuz-unsigned
    printf '\000\000\000\000\000\000\000\000' | dd of=/tmp/vmlinuz-unsigned bs=1 seek=$cert conv=notrunc 2>/dev/null
    say "lockdown-unsigned signature-at=$1 signature-bytes=$2 size=$(wc -c < /tmp/vmlinuz-unsigned)"
    echo integrity > /sys/kernel/security/lockdown
    say "lockdown-mode $(cat /sys/kernel/security/lockdown)"
    for how in file load; do
        flag=-s
        image=/tmp/vmlinuz-unsigned
        [ $how = load ] && { flag=-c; image=/boot/vmlinuz; }
        kexkit kexec -l $flag "$image" --append="console=ttyS0" > /tmp/lockdown.out 2> /tmp/lockdown.err
        rc=$?
        say "lockdown-$how rc=$rc loaded=$(cat /sys/kernel/kexec_loaded) lines=$(wc -l < /tmp/lockdown.err)"
        say "lockdown-$how-err $(cat /tmp/lockdown.err)"
    done
    say "lockdown-check start=$t0 end=$(uptime_s)"
    umount /boot
}
