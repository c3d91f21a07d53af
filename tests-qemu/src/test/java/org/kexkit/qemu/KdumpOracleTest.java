package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.cli.CliEnvironment;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;

/**
 * kexkit makedumpfile against independent readers on a real 6.1 vmcore: libkdumpfile's python
 * bindings read back sampled pages of every PT_LOAD (and all of the first 16 MiB) from kexkit's
 * -d 1 -z, -d 1 -l and -d 0 -c dumps and compare them with the ELF vmcore; makedumpfile 1.7.8
 * -d 1 -z must dump the same pfns (2nd bitmap); makedumpfile -R must rebuild kexkit's -F stream
 * into kexkit's direct file, byte for byte; makedumpfile re-filtering kexkit's LZO dump (which
 * decompresses every page with liblzo2) must give makedumpfile's own -c output, and kexkit's
 * -d 1 -c must be byte-identical to makedumpfile's (run through MakedumpfileOracle).
 */
@Tag("qemu")
class KdumpOracleTest {
    private static final long TIMEOUT = 600;

    private static final String CHECK = MakedumpfileOracle.PYTHON_PRELUDE + """
            dumps, reference = sys.argv[2].split(','), sys.argv[3]
            pfns = set()
            for off, pa, fs in loads:
                start, end = (pa + PAGE - 1) // PAGE, (pa + fs) // PAGE
                for i in range(64):
                    pfns.add(start + i * (end - 1 - start) // 63)
                for pfn in range(start, min(end, (16 << 20) // PAGE)):
                    pfns.add(pfn)
            pfns = sorted(pfns)
            def runs(path):
                k = kdumpfile.Context()
                k.open(path)
                return dumped_runs(k)
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
        MakedumpfileOracle oracle = MakedumpfileOracle.open("6.1", "kdump-oracle", TIMEOUT);
        SidRoot sid = oracle.sid;
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();

        List<String> dumps = new ArrayList<>();
        for (String[] args : new String[][] {{"-z", "-d", "1"}, {"-l", "-d", "1"}, {"-c", "-d", "0"}}) {
            Path out = work.resolve("kexkit" + args[0] + args[2]);
            double seconds = kexkit("makedumpfile", args[0], args[1], args[2], "-f", vmcore.toString(), out.toString())
                    .seconds();
            System.out.printf("kexkit makedumpfile %s -d %s: %.2f s, %d bytes%n", args[0], args[2], seconds,
                    Files.size(out));
            dumps.add(sid.inside(out));
        }
        Path reference = work.resolve("makedumpfile-z1");
        long start = System.nanoTime();
        oracle.makedumpfile(vmcore, reference, "-z", "-d", "1", "--message-level", "4");
        System.out.printf("makedumpfile 1.7.8 -z -d 1 (sid root): %.2f s, %d bytes%n", (System.nanoTime() - start) / 1e9,
                Files.size(reference));

        Path script = work.resolve("check.py");
        Files.writeString(script, CHECK);
        HostCommand.Result check = oracle.mustRun("python3", sid.inside(script), sid.inside(vmcore), String.join(",", dumps),
                sid.inside(reference));
        String json = check.stdout().strip();
        System.out.println(json);
        assertTrue(json.contains("\"same_dumped_pfns\": true"), "2nd bitmap differs from makedumpfile's: " + json);
        for (String d : dumps) {
            assertTrue(json.contains("\"" + d + "\": {\"format\": \"diskdump\", \"release\": \""
                    + oracle.saved.kernel().release() + "\", \"mismatches\": 0,"), "libkdumpfile's view of " + d + ": " + json);
        }

        // -F stream, rebuilt by makedumpfile -R, equals kexkit's direct -z -d 1 file
        Path flat = Ext4Image.privateFile(work.resolve("kexkit-flat")); // a dump stream: guest memory, owner-only
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(flat))) {
            kexkit(CliEnvironment.live().withStreams(() -> System.in, () -> stream), "makedumpfile", "-F", "-z", "-d", "1",
                    vmcore.toString());
        }
        Path rebuilt = work.resolve("rebuilt-by-makedumpfile");
        Files.deleteIfExists(rebuilt);
        oracle.mustRun("sh", "-c", "makedumpfile -R " + sid.inside(rebuilt) + " < " + sid.inside(flat));
        assertEquals(-1, Files.mismatch(work.resolve("kexkit-z1"), rebuilt), "makedumpfile -R of kexkit's -F stream");

        // makedumpfile reads every page of kexkit's LZO dump when re-filtering it
        Path refiltered = work.resolve("refiltered-c1");
        Path mdfZlib = work.resolve("makedumpfile-c1");
        oracle.makedumpfile(work.resolve("kexkit-l1"), refiltered, "-c", "-d", "1", "--message-level", "4");
        oracle.makedumpfile(vmcore, mdfZlib, "-c", "-d", "1", "--message-level", "4");
        assertEquals(-1, Files.mismatch(refiltered, mdfZlib), "makedumpfile re-filtering kexkit's LZO dump");
        Path kexkitZlib = work.resolve("kexkit-c1");
        kexkit("makedumpfile", "-c", "-d", "1", "-f", vmcore.toString(), kexkitZlib.toString());
        assertEquals(-1, Files.mismatch(kexkitZlib, mdfZlib), "kexkit -c -d 1 against makedumpfile -c -d 1");
        oracle.discardWork(); // passed: nine dumps of about 150 MB each
    }
}
