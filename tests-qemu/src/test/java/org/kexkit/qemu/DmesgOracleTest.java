package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kexkit makedumpfile --dump-dmesg against makedumpfile 1.7.8 --dump-dmesg on the saved real
 * 6.1 and 7.2 vmcores: the two logs must be equal byte for byte, and hold the marker line the
 * guest wrote to /dev/kmsg before the panic and the sysrq panic itself. makedumpfile runs in the
 * sid root through MakedumpfileOracle. Other runs may replace a saved vmcore while
 * this test reads it, so a comparison is repeated once if the file changed under it.
 */
@Tag("qemu")
class DmesgOracleTest {
    private static final long TIMEOUT = 300;
    private static final Pattern ANY_MARKER = Pattern.compile("KEXKIT-MARKER-[0-9a-f-]{36}");

    @ParameterizedTest(name = "Debian {0} vmcore: --dump-dmesg equals makedumpfile 1.7.8's")
    @ValueSource(strings = {"6.1", "7.2"})
    void sameLogAsMakedumpfile(String label) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "dmesg-oracle-" + label, TIMEOUT);
        SavedVmcores.Saved saved = oracle.saved;
        Path work = oracle.work;
        for (int attempt = 1; ; attempt++) {
            FileTime before = Files.getLastModifiedTime(saved.vmcore());
            byte[] theirs = makedumpfile(oracle);
            long start = System.nanoTime();
            byte[] ours = kexkit(saved.vmcore(), work.resolve("kexkit-dmesg.txt"));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!before.equals(Files.getLastModifiedTime(saved.vmcore())) && attempt < 2) {
                continue; // replaced by another run meanwhile: both must read the same file
            }
            String log = new String(ours, java.nio.charset.StandardCharsets.ISO_8859_1);
            System.out.printf("%s: kexkit --dump-dmesg %d bytes, %d lines in %.2f s; makedumpfile %d bytes%n",
                    saved.kernel().release(), ours.length, log.lines().count(), seconds, theirs.length);
            assertEquals(new String(theirs, java.nio.charset.StandardCharsets.ISO_8859_1), log,
                    "kexkit's log against makedumpfile 1.7.8's");
            assertTrue(log.contains(marker(saved.vmcore(), log)), "the guest's marker line is in the log");
            assertTrue(log.contains("] sysrq: Trigger a crash\n"), "the sysrq trigger is in the log");
            assertTrue(log.contains("] Kernel panic - not syncing: sysrq triggered crash\n"), "the panic is in the log");
            return;
        }
    }

    /** The marker this vmcore's run wrote (saved beside it by PanicCapture), or any marker for older vmcores. */
    private static String marker(Path vmcore, String log) throws Exception {
        Path saved = vmcore.resolveSibling("marker");
        if (Files.exists(saved)) {
            return "] " + Files.readString(saved).strip() + "\n";
        }
        Matcher m = ANY_MARKER.matcher(log);
        assertTrue(m.find(), "a KEXKIT-MARKER line is in the log");
        return m.group();
    }

    private static byte[] makedumpfile(MakedumpfileOracle oracle) throws Exception {
        Path out = oracle.work.resolve("makedumpfile-dmesg.txt");
        oracle.makedumpfile(oracle.vmcore(), out, "--dump-dmesg");
        return Files.readAllBytes(out);
    }

    private static byte[] kexkit(Path vmcore, Path out) throws Exception {
        String said = MakedumpfileOracle.kexkit("makedumpfile", "--dump-dmesg", "-f", vmcore.toString(), out.toString())
                .out();
        assertTrue(said.contains("The dmesg log is saved to " + out + "."), said);
        return Files.readAllBytes(out);
    }
}
