package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.qemu.run.QemuRunException;

class KhoKernelBuilderTest {
    @Test
    void upstreamVersionDropsEpochAndDebianRevision() {
        assertEquals("7.2.13", KhoKernelBuilder.upstreamVersion("7.2.13-1"));
        assertEquals("7.2.13", KhoKernelBuilder.upstreamVersion("1:7.2.13-1+b2"));
        assertEquals("7.2.13", KhoKernelBuilder.upstreamVersion("7.2.13"));
    }

    @Test
    void readsTheSetupHeadersVersionString(@TempDir Path dir) throws Exception {
        byte[] image = new byte[0x400];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, image, 0x202, 4);
        image[0x20e] = 0x00; // kernel_version 0x0100: the string is at 0x100 + 0x200
        image[0x20f] = 0x01;
        byte[] text = "7.2.13-kho (kexkit@harness) #1 SMP".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, image, 0x300, text.length);
        Path file = Files.write(dir.resolve("bzImage"), image);
        SetupHeaderVersion v = SetupHeaderVersion.read(file);
        assertEquals("7.2.13-kho (kexkit@harness) #1 SMP", v.text());
        assertEquals("7.2.13-kho", v.release());
    }

    @Test
    void refusesAFileWithoutTheBootProtocolSignature(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("not-a-kernel"), new byte[0x400]);
        QemuRunException e = assertThrows(QemuRunException.class, () -> SetupHeaderVersion.read(file));
        assertEquals(file + " is not a bzImage (no \"HdrS\" at 0x202)", e.getMessage());
    }

    @Test
    void aFailedStepEndsInOneLineWithTheLogsLastLinesAndPath(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("build.log"), "");
        QemuRunException e = assertThrows(QemuRunException.class,
                () -> KhoKernelBuilder.step(log, dir, "sh", "-c", "echo CC a.o; echo a.c:1: error >&2; exit 2"));
        assertEquals("building the KHO test kernel failed: 'sh -c echo CC a.o; echo a.c:1: error >&2; exit 2' exited with status 2: "
                + "### sh -c echo CC a.o; echo a.c:1: error >&2; exit 2 | CC a.o | a.c:1: error (log " + log + ")", e.getMessage());
    }

    /** btf.config's settings replace kho.config's (DEBUG_INFO_NONE=y, then =n), as merge_config.sh merges them. */
    @Test
    void aLaterFragmentReplacesAnEarlierOnesSetting(@TempDir Path dir) throws Exception {
        Path kho = Files.writeString(dir.resolve("kho.config"), "CONFIG_DEBUG_INFO_NONE=y\nCONFIG_DEBUG_INFO_BTF=n\nCONFIG_KEXEC=y\n");
        Path btf = Files.writeString(dir.resolve("btf.config"), "# BTF\nCONFIG_DEBUG_INFO_NONE=n\nCONFIG_DEBUG_INFO_BTF=y\n");
        Path config = Files.writeString(dir.resolve(".config"), "CONFIG_KEXEC=y\n# CONFIG_DEBUG_INFO_NONE is not set\n"
                + "CONFIG_DEBUG_INFO_BTF=y\n");
        KhoKernelBuilder.checkConfig(config, java.util.List.of(kho, btf));
        Files.writeString(config, "CONFIG_KEXEC=y\n");
        QemuRunException e = assertThrows(QemuRunException.class, () -> KhoKernelBuilder.checkConfig(config,
                java.util.List.of(kho, btf)));
        assertEquals("building the KHO test kernel: CONFIG_DEBUG_INFO_BTF=y from " + btf + " did not survive make"
                + " olddefconfig (see " + config + ")", e.getMessage());
    }
}
