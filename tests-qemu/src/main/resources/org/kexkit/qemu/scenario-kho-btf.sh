# Scenario: the BTF pair. Kernel A (7.2.13-kho-btf, KHO and LUO on) runs kexkit kho check --next on
# kernel B (one member more in struct memfd_luo_ser under the same memfd-v2: must be refused) and on
# A rebuilt (must be accepted), each also with --json, then stops. vda is a tar of both images; the
# outputs go back to the host as a tar on vdb.

first() {
    mount -t debugfs debugfs /sys/kernel/debug
    mkdir -p /boot /out
    wait_for /dev/vda || return
    tar -xf /dev/vda -C /boot || { say "cannot read the boot tar on /dev/vda"; return; }
    if [ -r /sys/kernel/btf/vmlinux ]; then
        say "btf $(wc -c < /sys/kernel/btf/vmlinux) bytes"
    else
        say "btf absent"
    fi
    for k in b a-again; do
        t0=$(uptime_s)
        kexkit kho check --next "/boot/bzImage-$k" > "/out/check-$k.txt" 2>&1
        say "kho-check-$k rc=$? start=$t0 end=$(uptime_s)"
        kexkit kho check --next "/boot/bzImage-$k" --json > "/out/check-$k.json" 2>&1
        say "kho-check-json-$k rc=$?"
    done
    wait_for /dev/vdb || return
    tar -cf /dev/vdb -C /out . && say "saved outputs to /dev/vdb"
}
