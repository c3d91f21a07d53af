# Scenario for the benchmark vmcores: fill the first kernel's memory with a realistic mix, then
# crash-load, panic, and save the whole ELF vmcore. guest.conf sets MARKER, CAPTURE_APPEND and
# the mix in MiB: ANON_MIB (a process's anonymous memory), TMPFS_MIB (files in tmpfs),
# CACHE_MIB (a file on the ext4 dump disk, left in the page cache). What is left is free memory.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    mark "$MARKER"
    t0=$(uptime_s)
    memfill file /dump/page-cache.dat "$CACHE_MIB" && sync
    mkdir -p /mnt/tmpfs && mount -t tmpfs -o size=$((TMPFS_MIB + 16))m tmpfs /mnt/tmpfs
    memfill file /mnt/tmpfs/data "$TMPFS_MIB"
    memfill anon "$ANON_MIB" > /tmp/memfill.out &
    i=0
    while ! grep -q filled /tmp/memfill.out 2>/dev/null && [ $i -lt 18000 ]; do sleep 0.1; i=$((i + 1)); done
    t1=$(uptime_s)
    say "mix rc=0 start=$t0 end=$t1"
    grep -E 'MemTotal|MemFree|^Cached|Shmem:|AnonPages' /proc/meminfo | tr -s ' ' | sed 's/^/KEXKIT-GUEST: meminfo /'
    crash_load /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" -s || return
    panic_now
}

capture() {
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    rm -f /dump/page-cache.dat # room for the vmcore; its pages stay in the dumped memory
    t0=$(uptime_s)
    kexkit vmcore save /proc/vmcore /dump/vmcore
    rc=$?
    t1=$(uptime_s)
    say "vmcore-save rc=$rc start=$t0 end=$t1"
}
