# Scenario: crash-load with kexkit (kexec_file_load), panic, capture /proc/vmcore with kexkit:
# first the filtered dump a real capture writes (makedumpfile -d 31 -z), then the whole ELF
# vmcore as the reference the host compares it with.
# With KDUMP_CAPTURE=1 the capture then runs the kdump service's capture step as an init would:
# kexkit kdump capture with a kdump.conf whose target is the data disk by its label; with KDUMP_ERASE=1
# that kdump.conf also erases every task's comm and runs the sample extensions (a copy goes to /dump).
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS, CAPTURE_APPEND, KDUMP_CAPTURE and KDUMP_ERASE.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mark "$MARKER"
    crash_load /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" $LOAD_ARGS
    rc=$?
    kexkit kexec --status
    [ "$rc" = 0 ] || return
    panic_now
}

capture() {
    say_memtotal capture
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
    [ "${KDUMP_CAPTURE:-0}" = 1 ] || return
    printf 'target LABEL=kexkit-dump:/crash\ndump_level 31\ncompression zstd\nmessage_level 0\nfinal_action poweroff\nfailure_action poweroff\n' > /tmp/kdump.conf
    if [ "${KDUMP_ERASE:-0}" = 1 ]; then
        # erasure and both sample extensions by the capture kernel (files placed by PanicCapture)
        printf 'erase /opt/kexkit-capture/erase.conf\nextensions /opt/kexkit-capture/kexkit-extension-samples.jar process-page-dropper.comm=init\n' >> /tmp/kdump.conf
    fi
    cp /tmp/kdump.conf /dump/kdump.conf
    t0=$(uptime_s)
    kexkit kdump capture --config /tmp/kdump.conf > /tmp/kdump-capture.txt 2>&1
    rc=$?
    t1=$(uptime_s)
    cp /tmp/kdump-capture.txt /dump/kdump-capture.txt
    say "kdump-capture rc=$rc $(tail -n 1 /tmp/kdump-capture.txt) start=$t0 end=$t1"
}
