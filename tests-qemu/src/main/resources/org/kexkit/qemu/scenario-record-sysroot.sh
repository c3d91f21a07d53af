# Scenario: record what a kexec_load loader reads from /proc and /sys (a "sysroot" for unit tests
# and `kexkit kexec --sysroot`), then crash-load with Debian's kexec-tools (kexec -p -c, the
# kexec_load syscall) and record the program headers the capture kernel's /proc/vmcore shows.
# Sourced by /init; guest.conf sets CAPTURE_APPEND.

first() {
    wait_for /dev/vda || return
    wait_for /dev/vdb || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    r=/dump/sysroot
    mkdir -p $r/proc $r/sys/kernel $r/sys/firmware $r/sys/devices/system/cpu
    cp /proc/iomem /proc/cmdline $r/proc/
    grep -E ' (_text|_stext|_end)$' /proc/kallsyms > $r/proc/kallsyms
    dd if=/proc/kcore of=$r/proc/kcore.head bs=4096 count=16 2>/dev/null
    for m in /sys/firmware/memmap/*; do
        mkdir -p $r$m
        for f in start end type; do cat $m/$f > $r$m/$f; done
    done
    for f in vmcoreinfo kexec_crash_size kexec_loaded kexec_crash_loaded crash_elfcorehdr_size; do
        [ -e /sys/kernel/$f ] && cat /sys/kernel/$f > $r/sys/kernel/$f
    done
    for f in possible present online; do cat /sys/devices/system/cpu/$f > $r/sys/devices/system/cpu/$f; done
    for c in /sys/devices/system/cpu/cpu[0-9]*; do
        mkdir -p $r$c
        for f in crash_notes crash_notes_size; do [ -e $c/$f ] && cat $c/$f > $r$c/$f; done
    done
    [ -e /sys/firmware/efi/systab ] && mkdir -p $r/sys/firmware/efi && cat /sys/firmware/efi/systab > $r/sys/firmware/efi/systab
    say "sysroot recorded"
    t0=$(uptime_s)
    kexec -p /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" -c
    rc=$?
    t1=$(uptime_s)
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_crash_loaded)" != 1 ] && rc=99
    say "kexec-tools-load rc=$rc start=$t0 end=$t1"
    sync
    umount /dump
    [ "$rc" = 0 ] || return
    say "panicking at $(uptime_s)"
    echo c > /proc/sysrq-trigger
}

capture() {
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    kexkit vmcore info /proc/vmcore > /dump/vmcore-info-kexec-tools-c.txt 2>&1
    say "vmcore-info rc=$?"
}
