package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.Errno;

/** kexec -s --no-cma / --force-dtb (kexec-tools' spellings) against the fake kexec_file_load. */
class KexecFileOptionsCommandTest {
    @TempDir
    Path dir;
    FakeKernel kernel;
    Path image;

    @BeforeEach
    void setUp() throws IOException {
        kernel = new FakeKernel();
        image = Files.write(dir.resolve("vmlinuz"), new byte[16]);
    }

    private CliRun run(String... args) {
        return CliRun.of(kernel.environment(dir), args);
    }

    @Test
    void flagsReachTheSyscall() {
        CliRun noCma = run("kexec", "-l", "-s", "--no-cma", image.toString(), "--command-line=x");
        assertEquals(0, noCma.exitCode(), noCma.err());
        CliRun both = run("kexec", "-p", "-s", "--force-dtb", "--no-cma", image.toString(), "--command-line=x");
        assertEquals(0, both.exitCode(), both.err());
        // KEXEC_FILE_NO_INITRAMFS 0x4 (no --initrd), ON_CRASH 0x2, NO_CMA 0x10, FORCE_DTB 0x20
        assertEquals(List.of(0x14L, 0x36L), kernel.flags);
    }

    @Test
    void aKernelThatDoesNotKnowTheFlagIsOneLine() {
        kernel.errno = Errno.EINVAL;
        CliRun run = run("kexec", "-l", "-s", "--force-dtb", image.toString(), "--command-line=x");
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: cannot load the kexec kernel " + image + ": kexec_file_load failed with EINVAL: the"
                + " running kernel may not know KEXEC_FILE_FORCE_DTB (0x20) (a kernel answers EINVAL to a flag outside"
                + " its KEXEC_FILE_FLAGS); otherwise: Invalid argument; try again without --force-dtb\n", run.err());
    }

    @Test
    void theyGoWithKexecFileLoadOnly() {
        CliRun run = run("kexec", "-l", "-c", "--no-cma", image.toString(), "--command-line=x");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.errLine().startsWith("kexkit: --no-cma: kexec_file_load flags, they go with a load with -s"),
                run.err());
        assertEquals(List.of(), kernel.flags);
    }
}
