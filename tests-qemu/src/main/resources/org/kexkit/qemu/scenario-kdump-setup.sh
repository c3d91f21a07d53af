# Scenario: the kdump service as a user deploys it, with no harness in the capture. The first kernel
# builds the capture environment with 'kexkit kdump setup' (its own module tree, busybox and the
# kexkit tree it runs from), loads it with 'kexkit kdump load' and panics. The capture kernel then
# boots the image setup wrote: its /init (not this harness's) mounts the data disk by its label,
# runs 'kexkit kdump capture' and powers off as kdump.conf says.
# With CAPTURE_RUNTIME=disk the image holds no kexkit tree: setup takes the copy on the boot disk
# (/boot/kexkit), and the capture's /init mounts that disk read-only to run it.
# With TARGET (and TARGET_EXTRA lines) set, kdump.conf names that target instead, and the module group
# NET_GROUP (the NIC's driver) is loaded first: the ssh target, whose network setup brings into the image.
# Sourced by /init; guest.conf sets MARKER, RELEASE and CAPTURE_RUNTIME.

first() {
    wait_for /dev/vda || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    # setup finds the target by its label: the disk must be there
    wait_for /dev/vdb || return
    mark "$MARKER"
    [ -n "$NET_GROUP" ] && load_group "$NET_GROUP"
    cat > /etc/kexkit/kdump.conf <<CONF
target ${TARGET:-LABEL=kexkit-dump:/crash}
$TARGET_EXTRA
dump_level 31
compression zstd
message_level 7
kernel /boot/vmlinuz
final_action poweroff
failure_action poweroff
capture_runtime $CAPTURE_RUNTIME
CONF
    runtime=
    [ "$CAPTURE_RUNTIME" = disk ] && runtime="--runtime /boot/kexkit"
    t0=$(uptime_s)
    kexkit kdump setup --modules "/boot/modules/$RELEASE" $runtime > /tmp/setup.txt 2>&1
    rc=$?
    t1=$(uptime_s)
    cat /tmp/setup.txt
    say "kdump-setup rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || return
    t0=$(uptime_s)
    kexkit kdump load
    rc=$?
    t1=$(uptime_s)
    say "kdump-load rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || return
    kexkit kdump status
    say "panicking at $(uptime_s)"
    echo c > /proc/sysrq-trigger
}

capture() {
    # never reached: the capture kernel boots setup's image, whose /init is kexkit's
    say "the harness image booted as a capture kernel"
}
