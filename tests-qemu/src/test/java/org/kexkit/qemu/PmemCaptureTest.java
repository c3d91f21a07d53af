package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * pmem in a real capture (see {@link PmemCapture}): the dump holds each namespace's metadata as the
 * NVDIMM's backing file holds it, no page of the user data, and drgn reads the struct page of a
 * pmem pfn through the kernel's own vmemmap; -d 63 drops the metadata on the device but not the
 * memmap in RAM. With kexec_load (-c, kexkit's header: PF_DEV loads and the layout note) and with
 * kexec_file_load (-s: the capture kernel reads the metadata from the raw namespaces).
 */
@Tag("qemu")
class PmemCaptureTest {
    private static QemuFixture qemu;

    @BeforeAll
    static void prepare() {
        qemu = QemuFixture.prepare();
    }

    @ParameterizedTest(name = "Debian 7.2 kernel, kexkit kexec -p {0}: pmem metadata in the dump, user data not")
    @EnumSource(PanicCapture.Loader.class)
    void metadataKeptUserDataNever(PanicCapture.Loader loader) {
        GuestKernel kernel = qemu.kernels.byLabel("7.2");
        // The pmem image adds ndctl, its libraries and the libnvdimm modules (85 MB unpacked against
        // 71 MB): with the runtime's class archive, a 256M capture kernel runs out of memory while it
        // unpacks the initramfs, before /init starts.
        PanicCapture.Options options = PanicCapture.Options.defaults().withCrashkernel("320M");
        PmemCapture.Report r = new PmemCapture(qemu.setup, options, loader).run(kernel);
        System.out.print(r.format());
        assertEquals(List.of(), problems(r));
    }

    static List<String> problems(PmemCapture.Report r) {
        List<String> p = new ArrayList<>();
        PmemCapture.Namespace dev = r.namespaces().get(0);
        PmemCapture.Namespace mem = r.namespaces().get(1);
        check(p, "pmem".equals(dev.memmap()) && "ram".equals(mem.memmap()), "memmap modes " + dev.memmap() + ", " + mem.memmap());
        for (PmemCapture.Namespace n : r.namespaces()) {
            check(p, "NVDIMM_PFN_INFO".equals(n.infoSignature()), n.name() + ": info block signature " + n.infoSignature());
            check(p, n.infoDataOffset() == n.metadataBytes(), n.name() + ": the info block's dataoff 0x"
                    + Long.toHexString(n.infoDataOffset()) + " is not the pfn device's data start");
            String key = "meta_" + n.name().replace('.', '_');
            check(p, n.metadataSha256().equals(r.kept().get(key + "_sha256")), n.name() + ": the -d 31 dump's metadata "
                    + r.kept().get(key + "_sha256") + r.kept().getOrDefault(key + "_error", "") + " is not the backing file's "
                    + n.metadataSha256());
        }
        check(p, "0".equals(r.kept().get("pattern_readable")), "the -d 31 dump holds " + r.kept().get("pattern_readable")
                + " pages of the pattern");
        check(p, "0".equals(r.dropped().get("pattern_readable")), "the -d 63 dump holds pattern pages");
        check(p, String.valueOf(r.inode()).equals(r.kept().get("page_pattern_inode")), "the struct page of the pattern's"
                + " first pfn names inode " + r.kept().get("page_pattern_inode") + ", the file is " + r.inode() + " ("
                + r.kept() + ")");
        check(p, "0".equals(r.kept().get("page_pattern_index")), "its index is " + r.kept().get("page_pattern_index"));
        String fsdax = r.kept().get("fsdax_type");
        check(p, fsdax != null && fsdax.equals(r.kept().get("page_pattern_pgmap_type")), "the pattern's struct page is not an"
                + " fsdax ZONE_DEVICE page: " + r.kept());
        check(p, fsdax != null && fsdax.equals(r.kept().get("page_mem_pgmap_type")),
                "the --map=mem namespace's struct page (memmap in RAM) is not an fsdax ZONE_DEVICE page: " + r.kept());
        // -d 63: the metadata on the device goes, the memmap in RAM stays
        check(p, r.dropped().containsKey("meta_namespace0_0_error"), "-d 63 kept namespace0.0's metadata");
        check(p, r.dropped().containsKey("page_pattern_error"), "-d 63: the pattern's struct page is still readable");
        check(p, fsdax != null && fsdax.equals(r.dropped().get("page_mem_pgmap_type")),
                "-d 63 lost the memmap in RAM: " + r.dropped());
        check(p, r.keptJson().contains("\"pmem_userdata\":"), "no pmem_userdata in the statistics");
        check(p, r.layout().contains("fsdax pmem data"), "the recorded layout: " + r.layout());
        if (!r.captureLayout().isEmpty()) {
            check(p, r.captureLayout().equals(r.layout()), "the capture kernel's layout differs from the one recorded at load:\n"
                    + r.captureLayout() + "\n" + r.layout());
        }
        return p;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
