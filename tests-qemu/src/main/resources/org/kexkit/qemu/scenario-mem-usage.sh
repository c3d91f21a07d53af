# Scenario: page counts of the running kernel with `kexkit makedumpfile --mem-usage /proc/kcore`,
# the kernel's own numbers beside them (System RAM and the crash reservation from /proc/iomem,
# _text and _end, MemFree sampled while kexkit runs and read right after), then, when the image
# carries it (MAKEDUMPFILE set), Debian sid's makedumpfile 1.7.8 on the same /proc/kcore.
# Sourced by /init; nothing is loaded or captured.

memfree() { sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo; }

# Runs "$@" in the background with its output in $out, sampling MemFree until it ends.
sampled() {
    "$@" > "$out" 2>&1 &
    pid=$!
    while kill -0 $pid 2>/dev/null; do
        say "memfree-during $(memfree)"
        sleep 0.5
    done
    wait $pid
}

first() {
    grep -E 'System RAM|Crash kernel' /proc/iomem | while read -r l; do say "iomem $l"; done
    grep -E ' (_text|_end)$' /proc/kallsyms | while read -r l; do say "kallsyms $l"; done
    say "meminfo-before MemFree $(memfree) MemTotal $(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
    out=/tmp/kexkit-mem-usage.txt
    t0=$(uptime_s)
    sampled kexkit makedumpfile --mem-usage /proc/kcore
    rc=$?
    t1=$(uptime_s)
    say "meminfo-after MemFree $(memfree)"
    while IFS= read -r l; do say "kexkit| $l"; done < $out
    say "kexkit-mem-usage rc=$rc start=$t0 end=$t1"
    [ -n "$MAKEDUMPFILE" ] || return
    out=/tmp/makedumpfile-mem-usage.txt
    t0=$(uptime_s)
    $MAKEDUMPFILE --mem-usage /proc/kcore > $out 2>&1
    rc=$?
    t1=$(uptime_s)
    say "meminfo-after-makedumpfile MemFree $(memfree)"
    while IFS= read -r l; do say "makedumpfile| $l"; done < $out
    say "makedumpfile-mem-usage rc=$rc start=$t0 end=$t1"
}
