# Scenario: crash-load with kexkit (kexec_file_load), panic, capture /proc/vmcore with kexkit:
# first the filtered dump a real capture writes (makedumpfile -d 31 -z), then the whole ELF
# vmcore as the reference the host compares it with.
# With KDUMP_CAPTURE=1 the capture then runs the kdump service's capture step as an init would:
# kexkit kdump capture with a kdump.conf whose target is the data disk by its label; with KDUMP_ERASE=1
# that kdump.conf also erases every task's comm and runs the sample extensions (a copy goes to /dump).
# With KDUMP_OOM=1 a capture the kernel's OOM killer stops mid-dump comes first (oom_capture).
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS, CAPTURE_APPEND, KDUMP_CAPTURE, KDUMP_ERASE and KDUMP_OOM.

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
    [ "${KDUMP_OOM:-0}" = 1 ] && oom_capture
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

# The kdump service's capture step killed by the kernel's OOM killer mid-dump: kexkit kdump capture runs in
# a memory cgroup of its own, into /oom on the data disk; once its partial dump has grown past OOM_AT bytes
# (past the header, bitmaps and descriptor table: pages are going out), the cgroup's memory.max goes far
# below the JVM's resident memory, so the kernel reclaims what it can (the file's page cache) and then
# kills the JVM with SIGKILL (mm/memcontrol.c memory_max_write). Its record goes to /dump/kdump-oom.txt.
OOM_AT=$((3 << 20))
oom_skipped() {
    echo "rc=none: $1" > /dump/kdump-oom.txt
    say "kdump-oom rc=none: $1"
}
oom_capture() {
    cg=/sys/fs/cgroup/kexkit-oom
    mkdir -p /sys/fs/cgroup
    # a record in any case: without one the harness would boot again for it each time the vmcore is asked for
    mount -t cgroup2 cgroup2 /sys/fs/cgroup || { oom_skipped "cannot mount cgroup2"; return; }
    echo +memory > /sys/fs/cgroup/cgroup.subtree_control || { oom_skipped "no memory controller"; return; }
    mkdir "$cg" || { oom_skipped "cannot make $cg"; return; }
    printf 'target LABEL=kexkit-dump:/oom\ndump_level 31\ncompression zstd\nmessage_level 0\nfinal_action poweroff\nfailure_action poweroff\n' > /tmp/kdump-oom.conf
    # the OOM report (the task list, meminfo) would take seconds on the serial console; dmesg keeps it
    read -r level rest < /proc/sys/kernel/printk
    echo 1 > /proc/sys/kernel/printk
    t0=$(uptime_s)
    CG=$cg sh -c 'echo $$ > "$CG/cgroup.procs" && exec kexkit kdump capture --config /tmp/kdump-oom.conf' \
        > /tmp/kdump-oom-capture.txt 2>&1 &
    pid=$!
    size=0
    i=0
    # until the partial file is past OOM_AT (or the capture ended: its status record), about 5 minutes at most
    while [ "$size" -lt $OOM_AT ] && [ $i -lt 3000 ]; do
        for f in /dump/oom/*/.dump.kexkit-partial; do
            [ -f "$f" ] && size=$(stat -c %s "$f")
        done
        for f in /dump/oom/*/status; do
            [ -f "$f" ] && i=3000
        done
        sleep 0.1
        i=$((i + 1))
    done
    used=$(cat "$cg/memory.current")
    t1=$(uptime_s)
    echo $((4 << 20)) > "$cg/memory.max"
    wait $pid
    rc=$?
    t2=$(uptime_s)
    echo "$level" > /proc/sys/kernel/printk
    {
        echo "rc=$rc"
        echo "partial_bytes_at_limit=$size"
        echo "memory_current_at_limit=$used"
        echo "memory_max=$(cat "$cg/memory.max")"
        sed 's/^/memory_events_/; s/ /=/' "$cg/memory.events"
        echo "start=$t0 limit=$t1 end=$t2"
        dmesg | grep -E 'Memory cgroup out of memory|Killed process|oom-kill:' | sed 's/^/kernel: /'
        sed 's/^/capture: /' /tmp/kdump-oom-capture.txt
    } > /dump/kdump-oom.txt
    rmdir "$cg"
    say "kdump-oom rc=$rc at=$size used=$used $(grep '^memory_events_oom_kill=' /dump/kdump-oom.txt) start=$t0 limit=$t1 end=$t2"
}
