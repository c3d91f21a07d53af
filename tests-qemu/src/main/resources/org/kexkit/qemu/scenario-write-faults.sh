# Scenario: real write faults under a capture kernel. kexkit crash-loads (kexec_file_load), the
# guest panics, and the capture kernel dumps /proc/vmcore with `kexkit makedumpfile -l -d 31` twice,
# onto targets made to fail: a small ext4 (/dev/vdc) that fills up mid-dump (the kernel's ENOSPC), and
# an ext4 without a journal on a disk whose writes fail with EIO from some offset on (/dev/vdd: QEMU's
# blkdebug, set up by the host). Then it saves the whole vmcore to the dump disk (/dev/vdb) as the
# reference the host compares the pages left with.
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS and CAPTURE_APPEND.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mark "$MARKER"
    crash_load /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" $LOAD_ARGS || return
    panic_now
}

# fault_dump NAME DEVICE: the dump onto the ext4 on DEVICE, mounted at /NAME; its exit status on the
# console, what it printed in /dump/NAME.out and /dump/NAME.err. The file it leaves stays on DEVICE.
fault_dump() {
    mkdir -p "/$1"
    mount -t ext4 "$2" "/$1" || { say "cannot mount $2"; return; }
    t0=$(uptime_s)
    kexkit makedumpfile -l -d 31 /proc/vmcore "/$1/dump" > "/dump/$1.out" 2> "/dump/$1.err"
    rc=$?
    say "$1-dump rc=$rc start=$t0 end=$(uptime_s)"
    umount "/$1"
    say "$1-umount rc=$?"
}

capture() {
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    wait_for /dev/vdc || return
    wait_for /dev/vdd || return
    fault_dump full /dev/vdc
    # one 4 KiB block a request, so that the blocks that fail are exactly those the host's rules name
    echo 4 > /sys/block/vdd/queue/max_sectors_kb || say "cannot set max_sectors_kb"
    fault_dump eio /dev/vdd
    t0=$(uptime_s)
    kexkit vmcore save /proc/vmcore /dump/vmcore
    rc=$?
    say "vmcore-save rc=$rc start=$t0 end=$(uptime_s)"
}
