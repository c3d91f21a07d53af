package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.SerialLog;

/**
 * Layout fingerprints on a real kernel pair (BtfKernelPairBuilder, built once into the cache): one
 * boot of kernel A (TCG, KHO and LUO on) in which kexkit kho check --next refuses kernel B, whose
 * struct memfd_luo_ser has one member more under the same memfd-v2, naming the struct and the
 * member, and accepts A rebuilt from the same tree; both in text and --json.
 */
@Tag("qemu")
class KhoBtfPairTest {
    /** kho_vmalloc, kho_kexec_metadata, luo_ser, luo_session_ser, luo_file_ser, kho_block_header_ser, memfd_luo_ser. */
    static final int LAYOUTS = 7;
    static final String REFUSAL = "LUO (luo-v5): refuse: struct memfd_luo_ser changed layout (size 48 -> 56, member"
            + " generation (int8 at byte 48) added) under the same memfd-v2: the next kernel would misread the handed-over data";

    @Test
    void kernelBIsRefusedAndARebuildAccepted() throws Exception {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        long built = System.nanoTime();
        BtfKernelPairBuilder.Pair pair = new BtfKernelPairBuilder(HarnessCache.fromEnvironment(), repo).ensure();
        double buildSeconds = (System.nanoTime() - built) / 1e9;
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(HarnessCache.fromEnvironment(), repo);
        GuestKernel kernel = new GuestKernel("7.2-kho-btf", BtfKernelPairBuilder.RELEASE, pair.a(), null, null);
        Path work = setup.cache().freshRunDir("kho-btf-pair");

        Path initrd = work.resolve("initrd.img");
        new GuestInitramfs(setup.busybox(), setup.runtime()).gzipped()
                .withPrograms(Map.of(SocketpairShim.GUEST_PATH, SocketpairShim.ensure(setup.cache())), List.of())
                .write(initrd, kernel, "scenario-kho-btf.sh", Map.of("GUEST_POWEROFF", "reboot")); // no ACPI: reboot ends QEMU
        Path bootFiles = work.resolve("boot-files");
        GuestRun.copy(pair.b(), bootFiles.resolve("bzImage-b"));
        GuestRun.copy(pair.aAgain(), bootFiles.resolve("bzImage-a-again"));
        Path bootTar = Ext4Image.privateFile(work.resolve("boot.tar"));
        HostCommand.of("tar", "--format=ustar", "-cf", bootTar.toString(), "-C", bootFiles.toString(), "bzImage-b",
                "bzImage-a-again").output();
        Path outTar = Ext4Image.privateFile(work.resolve("out.tar"));
        try (RandomAccessFile f = new RandomAccessFile(outTar.toFile(), "rw")) {
            f.setLength(16 << 20);
        }
        Qemu.Machine machine = new Qemu.Machine(kernel.vmlinuz(), initrd, KhoHandover.CMDLINE, 1024, 2,
                List.of(new Qemu.Disk(bootTar, true), new Qemu.Disk(outTar, false)));
        SerialLog log = new SerialLog(work.resolve("serial.log"), false);
        long start = System.nanoTime();
        Progress.step("kho-btf-pair: " + kernel.release() + " in QEMU (" + Qemu.accelerator(kernel.vmlinuz()) + "; console "
                + log.file() + ")", () -> Qemu.run(machine, log, 600));
        double qemuSeconds = (System.nanoTime() - start) / 1e9;
        GuestRun.Result c = new GuestRun.Result(work, log, null, GuestRun.size(initrd));
        String btf = c.need("KEXKIT-GUEST: btf ").text();
        assertTrue(btf.endsWith(" bytes"), btf);
        SerialLog.Line checkB = c.need("KEXKIT-GUEST: kho-check-b ");
        SerialLog.Line checkAgain = c.need("KEXKIT-GUEST: kho-check-a-again ");
        c.need("KEXKIT-GUEST: saved outputs");
        Path out = Files.createDirectories(work.resolve("out"));
        HostCommand.of("tar", "-xf", outTar.toString(), "-C", out.toString()).output();

        String refused = Files.readString(out.resolve("check-b.txt"));
        assertTrue(checkB.text().contains("rc=1 "), checkB.text() + "\n" + refused);
        assertTrue(refused.contains("\n" + REFUSAL + "\n"), refused);
        assertTrue(refused.endsWith("btf: " + LAYOUTS + " struct layouts of accepted layers compared\n"), refused);
        String json = Files.readString(out.resolve("check-b.json"));
        assertTrue(c.need("KEXKIT-GUEST: kho-check-json-b ").text().endsWith("rc=1"), json);
        assertTrue(json.contains("\"accepted\":false") && json.contains("\"name\":\"LUO\",\"versions\":\"luo-v5\","
                + "\"verdict\":\"refuse\",\"reason\":\"struct memfd_luo_ser changed layout (size 48 -> 56, member generation"
                + " (int8 at byte 48) added)"), json);

        String accepted = Files.readString(out.resolve("check-a-again.txt"));
        assertTrue(checkAgain.text().contains("rc=0 "), checkAgain.text() + "\n" + accepted);
        assertTrue(!accepted.contains("refuse") && accepted.endsWith("btf: " + LAYOUTS
                + " struct layouts of accepted layers compared\n"), accepted);
        String acceptedJson = Files.readString(out.resolve("check-a-again.json"));
        assertTrue(c.need("KEXKIT-GUEST: kho-check-json-a-again ").text().endsWith("rc=0"), acceptedJson);
        assertTrue(acceptedJson.contains("\"accepted\":true"), acceptedJson);

        System.out.printf("BTF pair (%s): pair ready in %.1f s; kernel A %d bytes (%s), B %d, A' %d; QEMU %.1f s, first"
                + " userspace at %.1f s; kho check of B (refused) %.1f s, of A' (accepted) %.1f s, %d struct layouts%n",
                pair.a().getParent(), buildSeconds, Files.size(pair.a()), btf.substring(btf.indexOf("btf ")),
                Files.size(pair.b()), Files.size(pair.aAgain()), qemuSeconds,
                c.need("KEXKIT-GUEST: first userspace").seconds(), GuestRun.span(checkB), GuestRun.span(checkAgain), LAYOUTS);
        GuestRun.discardImagesIn(work);
    }
}
