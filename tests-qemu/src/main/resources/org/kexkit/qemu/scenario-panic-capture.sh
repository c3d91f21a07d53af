# Scenario: crash-load with kexkit (kexec_file_load), panic, capture /proc/vmcore with kexkit:
# first the filtered dump a real capture writes (makedumpfile -d 31 -z), then the whole ELF
# vmcore as the reference the host compares it with.
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS and CAPTURE_APPEND.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    echo "$MARKER" > /dev/kmsg
    t0=$(uptime_s)
    kexkit kexec -p /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" $LOAD_ARGS
    rc=$?
    t1=$(uptime_s)
    # A zero exit without a loaded crash kernel would make the panic hang the guest until the
    # host's timeout; report it as a failed load instead (rc 99).
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_crash_loaded)" != 1 ] && rc=99
    say "kexec-load rc=$rc start=$t0 end=$t1"
    kexkit kexec --status
    [ "$rc" = 0 ] || return
    # Informational: the panic can stop the console before this line is out. The host times the
    # panic from the kernel's own "sysrq: Trigger a crash", which the panic flushes.
    say "panicking at $(uptime_s)"
    echo c > /proc/sysrq-trigger
}

capture() {
    say "capture MemTotal $(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2) kB"
    t0=$(uptime_s)
    kexkit --version > /dev/null
    t1=$(uptime_s)
    say "jvm-start start=$t0 end=$t1"
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    kexkit vmcore info /proc/vmcore > /dump/vmcore-info.txt 2>&1
    say "vmcore-info rc=$?"
    t0=$(uptime_s)
    kexkit makedumpfile -d 31 -z --message-level 31 /proc/vmcore /dump/dumpfile > /dump/makedumpfile.txt 2>&1
    rc=$?
    t1=$(uptime_s)
    say "makedumpfile rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || tail -n 5 /dump/makedumpfile.txt
    t0=$(uptime_s)
    kexkit vmcore save /proc/vmcore /dump/vmcore
    rc=$?
    t1=$(uptime_s)
    say "vmcore-save rc=$rc start=$t0 end=$t1"
}
