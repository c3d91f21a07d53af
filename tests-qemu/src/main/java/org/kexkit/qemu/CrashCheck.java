package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Runs crash (Debian sid's, in the sid root) on a dump and on the ELF vmcore it came from, with
 * the same commands (sys, ps, log, bt of the panic task), and says where they differ. crash
 * 9.0.2 cannot load 7.2's modules, so it runs with --no_modules everywhere (the checks do not
 * need them).
 */
public final class CrashCheck {
    private static final long TIMEOUT = 600;
    private final SidRoot sid;

    public CrashCheck(SidRoot sid) {
        this.sid = sid;
    }

    /** What crash printed for one dump, with the DUMPFILE line (name, "[PARTIAL DUMP]") dropped. */
    public String view(Path dump, Path vmlinux) {
        HostCommand.Result r = run(dump, vmlinux);
        if (r.exitCode() != 0) {
            throw new QemuRunException("crash could not open " + dump.getFileName() + ": "
                    + HostCommand.lastLines(r.stdout() + r.stderr(), 4));
        }
        StringBuilder kept = new StringBuilder();
        r.stdout().lines().filter(l -> !l.strip().startsWith("DUMPFILE:")).forEach(l -> kept.append(l).append('\n'));
        return kept.toString();
    }

    /** crash's session on {@code dump} with the check commands (sys, ps, log, bt), whatever its exit status. */
    public HostCommand.Result run(Path dump, Path vmlinux) {
        Path commands = dump.resolveSibling("crash-commands");
        try {
            Files.write(commands, GuestInitramfs.resource("crash-commands"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sid.run(TIMEOUT, "crash", "-s", "--no_modules", sid.inside(vmlinux), sid.inside(dump), "-i", sid.inside(commands));
    }

    /**
     * What crash made of a dump marked incomplete: {@code started} if its session started; else
     * {@code notInFile} if it stopped at a page the file does not hold, and {@code reason}, its last
     * "crash: " line. {@code output} holds all it printed.
     */
    public record Partial(String output, boolean started, boolean notInFile, String reason) {
    }

    /**
     * crash on a dump marked incomplete. crash -s quits without a word when a read its start makes
     * quietly (page_offset_base) fails; then its debug output (-d 1) names the read.
     */
    public Partial partial(Path dump, Path vmlinux) {
        HostCommand.Result r = run(dump, vmlinux);
        String out = r.stdout() + r.stderr();
        if (r.exitCode() == 0) {
            return new Partial(out, true, false, "session started");
        }
        if (!out.contains("crash: ")) {
            HostCommand.Result debug = sid.run(TIMEOUT, "crash", "-d", "1", "-s", "--no_modules", sid.inside(vmlinux),
                    sid.inside(dump), "-i", sid.inside(dump.resolveSibling("crash-commands")));
            out = out + debug.stdout() + debug.stderr();
        }
        String all = out;
        boolean notInFile = all.contains("page incomplete: ") || all.contains("read error: ");
        String reason = all.lines().filter(l -> l.startsWith("crash: ")).reduce((a, b) -> b)
                .orElse(HostCommand.lastLines(all, 2).strip());
        return new Partial(all, false, notInFile, reason);
    }

    /** The differences between crash's view of {@code dump} and of {@code reference}, plus its own checks. */
    public List<String> compare(Path dump, Path reference, Path vmlinux, String marker) {
        String ours = view(dump, vmlinux);
        String theirs = view(reference, vmlinux);
        List<String> problems = new ArrayList<>();
        if (ours.contains("page excluded") || ours.toLowerCase().contains("excluded page")) {
            problems.add("crash met an excluded page in " + dump.getFileName());
        }
        if (!ours.contains(marker)) {
            problems.add("crash does not find the marker in the log of " + dump.getFileName());
        }
        if (!ours.contains("sysrq_handle_crash")) {
            problems.add("crash's bt of the panic task in " + dump.getFileName() + " lacks sysrq_handle_crash");
        }
        if (!ours.equals(theirs)) {
            List<String> a = ours.lines().toList();
            List<String> b = theirs.lines().toList();
            int i = 0;
            while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                i++;
            }
            problems.add("crash prints differently for " + dump.getFileName() + " and the ELF vmcore from line " + (i + 1)
                    + ": '" + (i < a.size() ? a.get(i) : "<end>") + "' vs '" + (i < b.size() ? b.get(i) : "<end>") + "'");
        }
        return problems;
    }
}
