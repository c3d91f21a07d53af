# Scenario: a guest with two emulated NVDIMMs (label-less, one namespace each) made fsdax with
# ndctl, one --map=dev and one --map=mem; an ext4 on the first, mounted -o dax, holds a file of a
# known pattern written through a shared mapping. kexkit crash-loads with LOAD_ARGS (-c or -s)
# and the guest panics. The capture kernel writes a -d 31 and a -d 63 dump; with -s it first
# binds the namespaces raw (force_raw, read-only regions) so no fsdax driver rewrites the memmap.
# Sourced by /init; guest.conf sets MARKER, LOAD_ARGS, CAPTURE_APPEND, NDCTL, PATTERN_PAGES,
# PATTERN_SEED.

nd=/sys/bus/nd/devices

wait_for_file() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "$1" ] || { say "no $1"; return 1; }
}

# Every readable attribute of the nd devices on the console ("nd NAME ATTR=VALUE ...") and,
# for the unit tests' sysroot, under $1.
record_nd() {
    for d in $nd/*; do
        name=$(basename "$d")
        line="nd $name"
        mkdir -p "$1/sys/bus/nd/devices/$name"
        for f in resource size mode holder uuid force_raw namespace align nstype; do
            if [ -r "$d/$f" ] && v=$(cat "$d/$f" 2>/dev/null); then
                echo "$v" > "$1/sys/bus/nd/devices/$name/$f"
                line="$line $f=$v"
            fi
        done
        if [ -d "$d/block" ]; then
            for b in "$d"/block/*; do
                mkdir -p "$1/sys/bus/nd/devices/$name/block/$(basename "$b")"
                line="$line block=$(basename "$b")"
            done
        fi
        say "$line"
    done
    mkdir -p "$1/proc"
    cp /proc/iomem "$1/proc/iomem"
}

first() {
    wait_for /dev/vda || return
    wait_for /dev/vdb || return
    mount -o ro /dev/vda /boot || { say "cannot mount /dev/vda"; return; }
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    load_group pmem-bus
    load_group pmem-drivers
    wait_for_file $nd/namespace1.0 || return
    t0=$(uptime_s)
    $NDCTL create-namespace -f -e namespace0.0 -m fsdax -M dev > /dump/ndctl-dev.json 2>&1
    say "ndctl-dev rc=$? start=$t0 end=$(uptime_s)"
    t0=$(uptime_s)
    $NDCTL create-namespace -f -e namespace1.0 -m fsdax -M mem > /dump/ndctl-mem.json 2>&1
    say "ndctl-mem rc=$? start=$t0 end=$(uptime_s)"
    wait_for /dev/pmem0 || return
    mkfs.ext4 -q -b 4096 -F /dev/pmem0 > /dump/mkfs.txt 2>&1
    say "mkfs rc=$?"
    mkdir -p /mnt/pmem
    mount -t ext4 -o dax /dev/pmem0 /mnt/pmem
    say "mount-dax rc=$?"
    daxfill /mnt/pmem/pattern "$PATTERN_PAGES" "$PATTERN_SEED"
    say "daxfill rc=$?"
    say "pattern-inode $(stat -c %i /mnt/pmem/pattern)"
    grep -i -E 'persistent|namespace|pfn|dax' /proc/iomem | while read -r l; do say "iomem $l"; done
    record_nd /dump/sysroot
    kexkit pmem list > /dump/pmem-list.txt 2>&1
    say "pmem-list rc=$?"
    kexkit pmem list --json > /dump/pmem-list.json 2>&1
    kexkit pmem list --layout > /dump/pmem-layout 2>&1
    say "pmem-layout rc=$?"
    mark "$MARKER"
    crash_load -o /dump/kexec-load.txt /boot/vmlinuz --initrd=/boot/initrd.img --append="$CAPTURE_APPEND" $LOAD_ARGS
    rc=$?
    sync
    umount /dump
    [ "$rc" = 0 ] || return
    panic_now
}

capture() {
    say_memtotal capture
    wait_for /dev/vdb || return
    mount -t ext4 /dev/vdb /dump || { say "cannot mount /dev/vdb"; return; }
    layout=""
    if [ "$LOAD_ARGS" = "-s" ]; then
        # libnvdimm finds the regions and namespaces; nothing may bind them as fsdax or devdax,
        # which would re-initialise the memmap on the device: force_raw first, read-only regions,
        # then the pmem driver, which drives each namespace raw as /dev/pmemN.
        load_group pmem-bus
        wait_for_file $nd/namespace1.0 || return
        for r in $nd/region*; do echo 1 > "$r/read_only"; done
        for n in $nd/namespace*; do [ -e "$n/force_raw" ] && echo 1 > "$n/force_raw"; done
        load_group pmem-drivers
        wait_for /dev/pmem0 || return
        wait_for /dev/pmem1 || return
        record_nd /dump/capture-sysroot
        kexkit pmem list > /dump/pmem-list-capture.txt 2>&1
        say "pmem-list-capture rc=$?"
        kexkit pmem list --layout > /dump/pmem-layout-capture 2>&1
        layout="--pmem-layout /dump/pmem-layout"
    fi
    kexkit vmcore info /proc/vmcore > /dump/vmcore-info.txt 2>&1
    say "vmcore-info rc=$?"
    t0=$(uptime_s)
    kexkit makedumpfile -d 31 -z --json $layout /proc/vmcore /dump/dump-kept > /dump/makedumpfile-kept.json 2> /dump/makedumpfile-kept.err
    rc=$?
    say "makedumpfile-kept rc=$rc start=$t0 end=$(uptime_s)"
    [ "$rc" = 0 ] || tail -n 5 /dump/makedumpfile-kept.err
    t0=$(uptime_s)
    kexkit makedumpfile -d 63 -z --json /proc/vmcore /dump/dump-dropped > /dump/makedumpfile-dropped.json 2> /dump/makedumpfile-dropped.err
    rc=$?
    say "makedumpfile-dropped rc=$rc start=$t0 end=$(uptime_s)"
    [ "$rc" = 0 ] || tail -n 5 /dump/makedumpfile-dropped.err
}
