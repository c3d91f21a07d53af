package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers that once took ELF input only read a kdump-compressed dump of the saved real 6.1
 * and 7.2 vmcores as they read the vmcore itself: --dump-dmesg gives the same log from kexkit's
 * -d 31 dump as from the vmcore, and makedumpfile 1.7.8 --dump-dmesg on that dump agrees;
 * --mem-usage gives the same table from a -d 0 and a -d 31 dump as from the vmcore (pages a dump
 * left out as zero pages read as zero, every other class comes from the struct pages it kept).
 */
@Tag("qemu")
class KdumpInputOracleTest {
    private static final long TIMEOUT = 300;

    @ParameterizedTest(name = "Debian {0} vmcore: --dump-dmesg and --mem-usage read kexkit's kdump dumps")
    @ValueSource(strings = {"6.1", "7.2"})
    void kdumpInputReadsAsTheVmcore(String label) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "kdump-input-" + label, TIMEOUT);
        Path vmcore = oracle.vmcore();
        Path work = oracle.work;
        Path d31 = work.resolve("d31.kdump");
        Path d0 = work.resolve("d0.kdump");
        MakedumpfileOracle.kexkit("makedumpfile", "-f", "-l", "-d", "31", vmcore.toString(), d31.toString());
        MakedumpfileOracle.kexkit("makedumpfile", "-f", "-l", "-d", "0", vmcore.toString(), d0.toString());

        String fromVmcore = dmesg(vmcore, work.resolve("vmcore-dmesg.txt"));
        String fromDump = dmesg(d31, work.resolve("d31-dmesg.txt"));
        assertEquals(fromVmcore, fromDump, "kexkit's log from its -d 31 dump against the log from the vmcore");
        assertTrue(fromDump.contains("] Kernel panic - not syncing: sysrq triggered crash\n"), "the panic is in the log");
        Path theirs = work.resolve("makedumpfile-d31-dmesg.txt");
        oracle.makedumpfile(d31, theirs, "--dump-dmesg");
        assertEquals(new String(Files.readAllBytes(theirs), StandardCharsets.ISO_8859_1), fromDump,
                "makedumpfile 1.7.8 --dump-dmesg of the same -d 31 dump");

        String usage = memUsage(vmcore);
        assertEquals(usage, memUsage(d0), "--mem-usage of the -d 0 dump against the vmcore's");
        assertEquals(usage, memUsage(d31), "--mem-usage of the -d 31 dump against the vmcore's");
        System.out.printf("%s: --dump-dmesg of the -d 31 dump: %d lines, as the vmcore and makedumpfile 1.7.8; "
                + "--mem-usage of the -d 0 and -d 31 dumps as the vmcore: %s%n", oracle.saved.kernel().release(),
                fromDump.lines().count(), usage.strip());
        Files.deleteIfExists(d0); // as large as the vmcore's memory
    }

    private static String dmesg(Path input, Path out) throws Exception {
        MakedumpfileOracle.kexkit("makedumpfile", "--dump-dmesg", "-f", input.toString(), out.toString());
        return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
    }

    private static String memUsage(Path input) {
        return MakedumpfileOracle.kexkit("makedumpfile", "--mem-usage", "--json", input.toString()).out();
    }
}
