package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.cli.CliEnvironment;
import org.kexkit.cli.Main;

/**
 * kexkit makedumpfile against independent readers on a real 6.1 vmcore: libkdumpfile's python
 * bindings read back sampled pages of every PT_LOAD (and all of the first 16 MiB) from kexkit's
 * -d 1 -z, -d 1 -l and -d 0 -c dumps and compare them with the ELF vmcore; makedumpfile 1.7.8
 * -d 1 -z must dump the same pfns (2nd bitmap); makedumpfile -R must rebuild kexkit's -F stream
 * into kexkit's direct file, byte for byte; makedumpfile re-filtering kexkit's LZO dump (which
 * decompresses every page with liblzo2) must give makedumpfile's own -c output, and kexkit's
 * -d 1 -c must be byte-identical to makedumpfile's. makedumpfile runs with --work-dir because the
 * sid root has no /proc/meminfo (without it, its cyclic mode never ends).
 */
class KdumpOracleTest {
    private static final long TIMEOUT = 600;

    private static final String CHECK = """
            import kdumpfile, struct, sys, json
            elf, dumps, reference = sys.argv[1], sys.argv[2].split(','), sys.argv[3]
            PAGE = 4096
            f = open(elf, 'rb')
            hdr = f.read(64)
            phoff = struct.unpack_from('<Q', hdr, 32)[0]
            phnum = struct.unpack_from('<H', hdr, 56)[0]
            f.seek(phoff)
            loads = []
            for i in range(phnum):
                t, fl, off, va, pa, fs, ms, al = struct.unpack('<IIQQQQQQ', f.read(56))
                if t == 1:
                    loads.append((off, pa, fs))
            pfns = set()
            for off, pa, fs in loads:
                start, end = (pa + PAGE - 1) // PAGE, (pa + fs) // PAGE
                for i in range(64):
                    pfns.add(start + i * (end - 1 - start) // 63)
                for pfn in range(start, min(end, (16 << 20) // PAGE)):
                    pfns.add(pfn)
            pfns = sorted(pfns)
            def elf_page(pfn):
                a = pfn * PAGE
                for off, pa, fs in loads:
                    if pa <= a and a + PAGE <= pa + fs:
                        f.seek(off + a - pa)
                        return f.read(PAGE)
            max_pfn = max((pa + fs) // PAGE for off, pa, fs in loads)
            def runs(path):
                k = kdumpfile.Context()
                k.open(path)
                bm = k.attr['file.pagemap']
                out, pos = [], 0
                while pos < max_pfn:
                    try:
                        s = bm.find_set(pos)
                    except Exception:
                        break
                    if s >= max_pfn:
                        break
                    e = bm.find_clear(s)
                    out.append([s, e])
                    pos = e
                return out
            result = {'checked': len(pfns), 'dumps': {}}
            for d in dumps:
                k = kdumpfile.Context()
                k.open(d)
                bad = [hex(p) for p in pfns if k.read(kdumpfile.MACHPHYSADDR, p * PAGE, PAGE) != elf_page(p)]
                result['dumps'][d] = {'format': k.attr['file.format'], 'release': str(k.attr['linux.uts.release']),
                                      'mismatches': len(bad), 'first': bad[:5]}
            result['same_dumped_pfns'] = runs(dumps[0]) == runs(reference)
            result['dumped_runs'] = len(runs(reference))
            print(json.dumps(result))
            """;

    @Test
    void libkdumpfileAndMakedumpfileAgreeWithKexkitDumps() throws IOException {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        SavedVmcores.Saved saved = SavedVmcores.ensure("6.1", repo);
        SidRoot sid = saved.sid();
        Path work = sid.workDir("kdump-oracle");
        Path vmcore = saved.vmcore();

        List<String> dumps = new ArrayList<>();
        for (String[] args : new String[][] {{"-z", "-d", "1"}, {"-l", "-d", "1"}, {"-c", "-d", "0"}}) {
            Path out = work.resolve("kexkit" + args[0] + args[2]);
            long start = System.nanoTime();
            kexkit(CliEnvironment.live(), "makedumpfile", args[0], args[1], args[2], "-f", vmcore.toString(), out.toString());
            System.out.printf("kexkit makedumpfile %s -d %s: %.2f s, %d bytes%n", args[0], args[2],
                    (System.nanoTime() - start) / 1e9, Files.size(out));
            dumps.add(sid.inside(out));
        }
        Path reference = work.resolve("makedumpfile-z1");
        Files.deleteIfExists(reference);
        long start = System.nanoTime();
        mustRun(sid, "makedumpfile", "-z", "-d", "1", "--work-dir", sid.inside(work), "--message-level", "4",
                sid.inside(vmcore), sid.inside(reference));
        System.out.printf("makedumpfile 1.7.8 -z -d 1 (sid root): %.2f s, %d bytes%n", (System.nanoTime() - start) / 1e9,
                Files.size(reference));

        Path script = work.resolve("check.py");
        Files.writeString(script, CHECK);
        Command.Result check = mustRun(sid, "python3", sid.inside(script), sid.inside(vmcore), String.join(",", dumps),
                sid.inside(reference));
        String json = check.stdout().strip();
        System.out.println(json);
        assertTrue(json.contains("\"same_dumped_pfns\": true"), "2nd bitmap differs from makedumpfile's: " + json);
        for (String d : dumps) {
            assertTrue(json.contains("\"" + d + "\": {\"format\": \"diskdump\", \"release\": \"" + saved.kernel().release()
                    + "\", \"mismatches\": 0,"), "libkdumpfile's view of " + d + ": " + json);
        }

        // -F stream, rebuilt by makedumpfile -R, equals kexkit's direct -z -d 1 file
        Path flat = work.resolve("kexkit-flat");
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(flat))) {
            kexkit(CliEnvironment.live().withStreams(() -> System.in, () -> stream), "makedumpfile", "-F", "-z", "-d", "1",
                    vmcore.toString());
        }
        Path rebuilt = work.resolve("rebuilt-by-makedumpfile");
        Files.deleteIfExists(rebuilt);
        mustRun(sid, "sh", "-c", "makedumpfile -R " + sid.inside(rebuilt) + " < " + sid.inside(flat));
        assertEquals(-1, Files.mismatch(work.resolve("kexkit-z1"), rebuilt), "makedumpfile -R of kexkit's -F stream");

        // makedumpfile reads every page of kexkit's LZO dump when re-filtering it
        Path refiltered = work.resolve("refiltered-c1");
        Path mdfZlib = work.resolve("makedumpfile-c1");
        Files.deleteIfExists(refiltered);
        Files.deleteIfExists(mdfZlib);
        mustRun(sid, "makedumpfile", "-c", "-d", "1", "--work-dir", sid.inside(work), "--message-level", "4",
                sid.inside(work.resolve("kexkit-l1")), sid.inside(refiltered));
        mustRun(sid, "makedumpfile", "-c", "-d", "1", "--work-dir", sid.inside(work), "--message-level", "4",
                sid.inside(vmcore), sid.inside(mdfZlib));
        assertEquals(-1, Files.mismatch(refiltered, mdfZlib), "makedumpfile re-filtering kexkit's LZO dump");
        Path kexkitZlib = work.resolve("kexkit-c1");
        kexkit(CliEnvironment.live(), "makedumpfile", "-c", "-d", "1", "-f", vmcore.toString(), kexkitZlib.toString());
        assertEquals(-1, Files.mismatch(kexkitZlib, mdfZlib), "kexkit -c -d 1 against makedumpfile -c -d 1");
    }

    private static void kexkit(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(environment, new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, "kexkit " + String.join(" ", args) + ": " + err);
    }

    private static Command.Result mustRun(SidRoot sid, String... argv) {
        Command.Result result = sid.run(TIMEOUT, argv);
        assertEquals(0, result.exitCode(), String.join(" ", argv) + ": " + result.stderr());
        return result;
    }
}
