# Scenario: a first kernel booted with crashkernel=SIZE and crashkernel=SIZE,cma (6.17+) crash-loads
# itself with kexkit ($LOAD_ARGS: -s for kexec_file_load, -c for kexec_load with kexkit's own ELF core
# header and memory map), panics, and the capture kernel writes a -d 31 -z dump. The console tells the
# host the CMA areas, both kernels' memory and the capture kernel's /proc/vmcore program headers.
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS and CAPTURE_APPEND.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    say "cma-ranges $(tr '\n' ' ' < /sys/kernel/kexec_crash_cma_ranges)"
    say_memtotal "first" # with the CMA area lent to the first kernel, which CmaTotal tells
    say "first CmaTotal $(grep CmaTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2) kB"
    kexkit kexec --status
    mark "$MARKER"
    crash_load /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" $LOAD_ARGS || return
    panic_now
}

capture() {
    say_memtotal capture
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    kexkit vmcore info /proc/vmcore > /dump/vmcore-info.txt 2>&1
    say "vmcore-info rc=$?"
    cp /proc/iomem /dump/capture-iomem.txt
    t0=$(uptime_s)
    kexkit makedumpfile -d 31 -z --message-level 0 /proc/vmcore /dump/dumpfile
    rc=$?
    t1=$(uptime_s)
    say "makedumpfile rc=$rc start=$t0 end=$t1"
}
