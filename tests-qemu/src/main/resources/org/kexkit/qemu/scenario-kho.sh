# Scenario: Kexec HandOver with the KHO test kernel (7.2.13-kho). Three kernels in a row:
#   1 (cold boot): record debugfs kho/out, make a file, load the next kernel with kexkit kexec -l -s,
#     wait until the host has dumped memory (the radix tree of preserved memory lives only here: kernel 2
#     frees and reuses its pages), kexkit kexec -e --preserve data=FILE;
#   2 (KHO boot, count 1): kexkit luo restore data, kexkit kho show --in, record kho/in, and
#     kexec again without --preserve;
#   3 (count 2): record kho/in, load the next kernel with kexkit kexec -l -c --kho (kexec_load, kexkit
#     writes the KHO segments itself) and kexec;
#   4 (count 3, through kexec_load): record kho/in, wait until the host has dumped memory (khomem must
#     hold what QEMU loaded there before kernel 1) and stop.
# The kernel has no ext4: vda is a tar of bzImage-kho and this initramfs, and each kernel writes
# what it recorded as a tar to its own disk (vdb, vdc, vdd, vde) for the host. guest.conf sets MARKER,
# NEXT_APPEND and GUEST_POWEROFF.

stage() {
    s=$(sed -n 's/.*kexkit\.kho=\([0-9]\).*/\1/p' /proc/cmdline)
    echo "${s:-1}"
}

# Copies kho/$1 of debugfs to $2, file by file: the sizes debugfs reports are not to be trusted.
record_kho() {
    [ -d "/sys/kernel/debug/kho/$1" ] || return
    mkdir -p "$2/sub_fdts"
    for f in fdt scratch_phys scratch_len; do
        [ -e "/sys/kernel/debug/kho/$1/$f" ] && cat "/sys/kernel/debug/kho/$1/$f" > "$2/$f"
    done
    for f in /sys/kernel/debug/kho/$1/sub_fdts/*; do
        [ -e "$f" ] && cat "$f" > "$2/sub_fdts/${f##*/}"
    done
}

# Loads bzImage-kho (from vda) for the next stage with kexec_file_load, the only kexec that carries KHO.
load_next() {
    t0=$(uptime_s)
    kexkit kexec -l -s /boot/bzImage-kho --initrd=/boot/initrd.img --append="$NEXT_APPEND kexkit.kho=$1 kexkit.marker=$MARKER"
    rc=$?
    t1=$(uptime_s)
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_loaded)" != 1 ] && rc=99
    say "kexec-load stage=$1 rc=$rc start=$t0 end=$t1"
    return $rc
}

common() {
    mount -t debugfs debugfs /sys/kernel/debug
    n=$(stage)
    say "kho stage $n release $(uname -r) at $(uptime_s)"
    mkdir -p /boot /out
    wait_for /dev/vda || return 1
    t0=$(uptime_s)
    tar -xf /dev/vda -C /boot || { say "cannot read the boot tar on /dev/vda"; return 1; }
    say "boot-tar rc=0 start=$t0 end=$(uptime_s)"
    if [ -c /dev/mem ]; then say "dev-mem present"; else say "dev-mem absent"; fi
    record_kho out /out/out
    record_kho in /out/in
    dmesg > /out/dmesg.txt
    cat /proc/cmdline > /out/cmdline.txt
}

# Tells the host (console line "$1 at ...") that it may dump this kernel's memory now, and waits
# until it has: the host then types a line on the console (KhoHandover.HOST_ANSWER). The guest
# sits in read meanwhile, so nothing in it changes while QEMU writes the dump.
wait_for_host() {
    say "$1 at $(uptime_s)"
    if read -r -t 600 answer; then
        say "host answered: $answer"
    else
        say "no answer from the host after $1"
    fi
}

# The stage's recordings, as a tar on its own disk.
save_out() {
    wait_for "$1" || return
    tar -cf "$1" -C /out . && say "saved stage $(stage) to $1"
}

# KHO is on here: kho status, then kho check --next on this kernel (accepts) and on Debian's 7.2,
# built without KHO (refuses), and kexec -l -s of the latter, which must refuse to load it.
preflight() {
    kexkit kho status > /out/kho-status.txt 2>&1
    say "kho-status rc=$?"
    t0=$(uptime_s)
    kexkit kho check --next /boot/bzImage-kho > /out/check-kho.txt 2>&1
    say "kho-check-kho rc=$? start=$t0 end=$(uptime_s)"
    t0=$(uptime_s)
    kexkit kho check --next /boot/vmlinuz-nokho > /out/check-nokho.txt 2>&1
    say "kho-check-nokho rc=$? start=$t0 end=$(uptime_s)"
    kexkit kexec -l -s /boot/vmlinuz-nokho --append="console=ttyS0" > /out/load-nokho.txt 2>&1
    say "kexec-load-nokho rc=$? loaded=$(cat /sys/kernel/kexec_loaded)"
}

first() {
    common || return
    if [ "$(stage)" = 2 ]; then second_kho; return; fi
    if [ "$(stage)" = 3 ]; then third_kho; return; fi
    if [ "$(stage)" = 4 ]; then fourth_kho; return; fi
    # 1 MiB of random bytes and the marker: what must come back byte for byte.
    head -c 1048576 /dev/urandom > /tmp/data.bin
    echo "$MARKER" >> /tmp/data.bin
    cp /tmp/data.bin /out/data.bin
    say "data sha256 $(sha256sum /tmp/data.bin | cut -d' ' -f1)"
    preflight
    save_out /dev/vdb
    load_next 2 || return
    # The host dumps this kernel's memory now, with the preserved-memory radix tree (see KhoHandover).
    wait_for_host kho-dump-point
    say "kexec-exec at $(uptime_s)"
    kexkit kexec -e --preserve data=/tmp/data.bin
    say "kexec-exec returned rc=$?"
}

second_kho() {
    mkdir -p /restored
    # The host dumps memory now, before /dev/liveupdate is opened (see KhoHandover).
    wait_for_host luo-dump-point
    t0=$(uptime_s)
    kexkit luo restore data --out /restored -v
    rc=$?
    say "luo-restore rc=$rc start=$t0 end=$(uptime_s)"
    [ -e /restored/data ] && cp /restored/data /out/restored-data && \
        say "restored sha256 $(sha256sum /restored/data | cut -d' ' -f1) mode $(stat -c %a /restored/data)"
    t0=$(uptime_s)
    kexkit kho show --in > /out/kho-show-in.txt 2> /out/kho-show-in.err
    say "kho-show rc=$? start=$t0 end=$(uptime_s)"
    save_out /dev/vdc
    load_next 3 || return
    say "kexec-exec at $(uptime_s)"
    kexkit kexec -e
    say "kexec-exec returned rc=$?"
}

# kexec_load with kexkit's own KHO segments: what --dry-run shows, then the load itself.
third_kho() {
    next="$NEXT_APPEND kexkit.kho=4 kexkit.marker=$MARKER"
    kexkit kexec -l -c --kho /boot/bzImage-kho --initrd=/boot/initrd.img --append="$next" --dry-run \
        > /out/load-c-kho-dry.txt 2>&1
    rc=$?
    say "kexec-load-c-kho-dry rc=$rc"
    [ "$rc" = 0 ] || say "kexec-load-c-kho-dry said: $(tail -n 3 /out/load-c-kho-dry.txt)"
    t0=$(uptime_s)
    kexkit kexec -l -c --kho /boot/bzImage-kho --initrd=/boot/initrd.img --append="$next" > /out/load-c-kho.txt 2>&1
    rc=$?
    t1=$(uptime_s)
    [ "$rc" = 0 ] && [ "$(cat /sys/kernel/kexec_loaded)" != 1 ] && rc=99
    say "kexec-load stage=4 rc=$rc start=$t0 end=$t1"
    [ "$rc" = 0 ] || say "kexec-load stage=4 said: $(tail -n 3 /out/load-c-kho.txt)"
    save_out /dev/vdd
    [ "$rc" = 0 ] || return
    say "kexec-exec at $(uptime_s)"
    kexkit kexec -e
    say "kexec-exec returned rc=$?"
}

fourth_kho() {
    # The host dumps memory now: khomem must still hold what QEMU loaded before kernel 1.
    wait_for_host kho-c-dump-point
    save_out /dev/vde
}
