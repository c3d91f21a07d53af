package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.kexkit.cli.CliEnvironment;
import org.kexkit.cli.Main;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.qemu.run.HostCommand;

/**
 * The plumbing the oracle tests share: a saved real vmcore, the sid root with makedumpfile 1.7.8
 * and a work directory inside it, kexkit's Main run in-process, and the 2nd bitmap of a dump.
 * makedumpfile always gets --work-dir because the sid root has no /proc/meminfo (without it, its
 * cyclic mode never ends).
 */
final class MakedumpfileOracle {
    /** kexkit's output of one in-process run, and how long it took. */
    record KexkitRun(String out, String err, double seconds) {}

    /**
     * Python for oracle scripts whose first argument is an ELF vmcore: PAGE, the file {@code f},
     * its PT_LOADs as {@code loads} (offset, paddr, filesz), {@code max_pfn}, {@code elf_page(pfn)}, and
     * {@code dumped_runs(k)}: the [first, end) pfn runs below max_pfn a libkdumpfile context's 2nd bitmap holds.
     */
    static final String PYTHON_PRELUDE = """
            import kdumpfile, struct, sys, json
            PAGE = 4096
            f = open(sys.argv[1], 'rb')
            hdr = f.read(64)
            phoff = struct.unpack_from('<Q', hdr, 32)[0]
            phnum = struct.unpack_from('<H', hdr, 56)[0]
            f.seek(phoff)
            loads = []
            for i in range(phnum):
                t, fl, off, va, pa, fs, ms, al = struct.unpack('<IIQQQQQQ', f.read(56))
                if t == 1:
                    loads.append((off, pa, fs))
            max_pfn = max((pa + fs) // PAGE for off, pa, fs in loads)
            def elf_page(pfn):
                a = pfn * PAGE
                for off, pa, fs in loads:
                    if pa <= a and a + PAGE <= pa + fs:
                        f.seek(off + a - pa)
                        return f.read(PAGE)
            def dumped_runs(k):
                bitmap = k.attr['file.pagemap']
                out, pos = [], 0
                while pos < max_pfn:
                    try:
                        first = bitmap.find_set(pos)
                    except Exception:
                        break
                    if first >= max_pfn:
                        break
                    end = bitmap.find_clear(first)
                    out.append([first, end])
                    pos = end
                return out
            """;

    final SavedVmcores.Saved saved;
    final SidRoot sid;
    final Path work;
    private final long timeoutSeconds;

    private MakedumpfileOracle(SavedVmcores.Saved saved, Path work, long timeoutSeconds) {
        this.saved = saved;
        this.sid = saved.sid();
        this.work = work;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The saved vmcore of kernel {@code label} (repository from the kexkit.repo property) and work directory {@code workName}. */
    static MakedumpfileOracle open(String label, String workName, long timeoutSeconds) {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        SavedVmcores.Saved saved = SavedVmcores.ensure(label, repo);
        return new MakedumpfileOracle(saved, saved.sid().workDir(workName), timeoutSeconds);
    }

    Path vmcore() {
        return saved.vmcore();
    }

    /** Deletes the work directory's files, for a test that passed; a failed one leaves them to look at. */
    void discardWork() {
        DebianKernels.deleteTree(work);
    }

    /** makedumpfile 1.7.8 with {@code options} from {@code in} to {@code out} (removed first); must exit 0. */
    HostCommand.Result makedumpfile(Path in, Path out, String... options) throws IOException {
        Files.deleteIfExists(out);
        List<String> argv = new ArrayList<>(List.of("makedumpfile"));
        argv.addAll(List.of(options));
        argv.addAll(List.of("--work-dir", sid.inside(work), sid.inside(in), sid.inside(out)));
        return mustRun(argv.toArray(String[]::new));
    }

    /** Any command in the sid root; must exit 0. */
    HostCommand.Result mustRun(String... argv) {
        HostCommand.Result result = sid.run(timeoutSeconds, argv);
        assertEquals(0, result.exitCode(), String.join(" ", argv) + ": " + result.stderr() + result.stdout());
        return result;
    }

    /** kexkit's Main in this JVM; must exit 0. */
    static KexkitRun kexkit(String... args) {
        return kexkit(CliEnvironment.live(), args);
    }

    static KexkitRun kexkit(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Main.run(environment, new PrintWriter(out), new PrintWriter(err), args);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, code, "kexkit " + String.join(" ", args) + ": " + err);
        return new KexkitRun(out.toString(), err.toString(), seconds);
    }

    /** The pfns a kdump-compressed dump holds (its 2nd bitmap). */
    static BitSet dumped(Path dump) throws Exception {
        BitSet set = new BitSet();
        try (KdumpReader reader = KdumpReader.open(dump)) {
            for (long pfn = 0; pfn < reader.maxMapnr(); pfn++) {
                if (reader.dumped(pfn)) {
                    set.set((int) pfn);
                }
            }
        }
        return set;
    }
}
