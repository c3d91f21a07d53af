package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.dumped;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.erase.EraseConfigParser;
import org.kexkit.dump.erase.EraseKernel;
import org.kexkit.dump.erase.ErasePlan;
import org.kexkit.dump.erase.EraseRange;
import org.kexkit.dump.erase.EraseResolver;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.symbols.KernelView;
import org.kexkit.dump.symbols.SymbolFiles;
import org.kexkit.qemu.run.HostCommand;

/**
 * --config with the task-comm rules on the saved real vmcores, no vmlinux: the dump's BTF and its
 * own kallsyms (both Debian kernels' VMCOREINFO carry the kallsyms entries), and on 6.1 also a
 * System.map made with nm from the -dbg vmlinux (Debian's image package ships only a stub). drgn
 * with the -dbg vmlinux is the oracle: every task's comm is 'X's in the new dump and the original
 * name in the raw vmcore, and it walks the same tasks in both. The page set equals a dump without
 * --config, and every page, decompressed, equals that dump's page with exactly the erased ranges
 * overwritten: the erased bytes are nowhere in the file. makedumpfile 1.7.8 filtering the erased
 * dump again reads its eraseinfo and keeps it. With -E, drgn reads every comm as 'X's in the ELF dump.
 *
 * <p>The two sample extensions (the kexkit-extension-samples jar) on the same vmcores: the task-comm
 * eraser leaves every comm 'X's where drgn reads them, the process-page-dropper given init's name
 * leaves out exactly the frames drgn finds mapped in init's VMAs, at a level that keeps user pages
 * and at -d 31.
 */
@Tag("qemu")
class EraseOracleTest {
    private static final long TIMEOUT = 600;
    private static final int PAGE = 4096;
    /** Every thread of every process (thread_node on signal->thread_head), and init_task, which no list holds. */
    static final String TASK_COMM_RULES = SampleExtensions.TASK_COMM_RULES;

    @ParameterizedTest(name = "Debian {0} vmcore: task comms erased without a vmlinux")
    @ValueSource(strings = {"6.1", "7.2"})
    void everyTaskCommIsErased(String label) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "erase-oracle-" + label, TIMEOUT);
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();
        Path config = work.resolve("erase.conf");
        Files.writeString(config, TASK_COMM_RULES);

        Path plain = work.resolve("plain");
        MakedumpfileOracle.KexkitRun plainRun = kexkit("makedumpfile", "-l", "-d", "31", "--message-level", "0", "-f",
                vmcore.toString(), plain.toString());
        Path erased = work.resolve("erased");
        MakedumpfileOracle.KexkitRun erasedRun = kexkit("makedumpfile", "-l", "-d", "31", "--config", config.toString(),
                "--message-level", "16", "-f", vmcore.toString(), erased.toString());
        System.out.printf("%s -l -d 31: %.2f s plain, %.2f s with --config%n", label, plainRun.seconds(),
                erasedRun.seconds());
        System.out.print(erasedRun.out());
        if (label.equals("6.1")) {
            Path map = work.resolve("System.map");
            HostCommand.Result nm = oracle.mustRun("nm", "-n", oracle.sid.inside(oracle.saved.kernel().debugVmlinux()));
            Files.writeString(map, nm.stdout());
            Path withMap = work.resolve("erased-map");
            MakedumpfileOracle.KexkitRun mapRun = kexkit("makedumpfile", "-l", "-d", "31", "--config", config.toString(),
                    "--kallsyms", map.toString(), "--json", "-f", vmcore.toString(), withMap.toString());
            assertEquals(-1, Files.mismatch(erased, withMap), "the same dump with --kallsyms System.map");
            assertTrue(mapRun.out().contains("\"erased_bytes\":"), mapRun.out());
            assertTrue(erasedRun.out().contains("Erased bytes          : 0x"), erasedRun.out());
        }

        // makedumpfile 1.7.8 filtering kexkit's erased dump again finds and keeps its eraseinfo
        Path refiltered = work.resolve("refiltered");
        oracle.makedumpfile(erased, refiltered, "-l", "-d", "31", "--message-level", "4");
        try (KdumpReader ours = KdumpReader.open(erased); KdumpReader theirs = KdumpReader.open(refiltered)) {
            String info = new String(ours.eraseInfo(), java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals("erase (struct task_struct)init_task.comm size 16\nerase th.comm size 16\n", info);
            assertEquals(info, new String(theirs.eraseInfo(), java.nio.charset.StandardCharsets.US_ASCII),
                    label + ": makedumpfile's copy of the eraseinfo");
        }

        ErasePlan plan;
        try (ElfVmcore source = ElfVmcore.open(vmcore); KernelView view = KernelView.open(source, SymbolFiles.NONE)) {
            plan = EraseResolver.resolve(EraseConfigParser.parse(TASK_COMM_RULES.getBytes(), "rules"), EraseKernel.of(view),
                    PAGE).plan();
        }
        long checked = sameExceptErased(plain, erased, plan, label);

        Map<String, String> raw = comms(oracle, vmcore);
        Map<String, String> inDump = comms(oracle, erased);
        System.out.printf("%s: drgn sees %d tasks in both; %d pages compared, %d erase ranges%n", label, raw.size(), checked,
                plan.ranges().size());
        assertEquals(raw.keySet(), inDump.keySet(), label + ": drgn walks the same tasks");
        assertTrue(raw.size() > 10, label + ": drgn walks the task list: " + raw.keySet());
        String xs = "58".repeat(16);
        for (Map.Entry<String, String> e : inDump.entrySet()) {
            assertEquals(xs, e.getValue(), label + ": task " + e.getKey() + "'s comm in the erased dump");
            assertNotEquals(xs, raw.get(e.getKey()), label + ": task " + e.getKey() + "'s comm in the raw vmcore");
        }
        assertEquals("swapper/0", text(raw.get("init")), label + ": init_task's name in the raw vmcore");

        // -E: the same through the ELF writer, the rules in an ERASEINFO note
        Path elf = work.resolve("erased-elf");
        kexkit("makedumpfile", "-E", "-d", "31", "--config", config.toString(), "--message-level", "0", "-f",
                vmcore.toString(), elf.toString());
        Map<String, String> inElf = comms(oracle, elf);
        assertEquals(raw.keySet(), inElf.keySet(), label + ": drgn walks the same tasks in the ELF dump");
        inElf.forEach((task, comm) -> assertEquals(xs, comm, label + ": task " + task + "'s comm in the ELF dump"));
        assertEquals(16L * raw.size(), plan.plannedBytes(), label + ": 16 bytes per task");
        oracle.discardWork();
    }

    @ParameterizedTest(name = "Debian {0} vmcore: the sample extensions")
    @ValueSource(strings = {"6.1", "7.2"})
    void theSampleExtensionsEraseCommsAndDropInitsPages(String label) throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(label, "extension-oracle-" + label, TIMEOUT);
        Path work = oracle.work;
        Path vmcore = oracle.vmcore();
        String jar = samplesJar().toString();
        BitSet init = initFrames(oracle, work, label);

        Map<String, String> raw = comms(oracle, vmcore);
        assertTrue(raw.size() > 10, label + ": drgn walks the task list: " + raw.keySet());
        for (String level : new String[] {"17", "31"}) {
            Path plain = work.resolve("plain-" + level);
            kexkit("makedumpfile", "-l", "-d", level, "--message-level", "0", "-f", vmcore.toString(), plain.toString());
            Path both = work.resolve("samples-" + level);
            MakedumpfileOracle.KexkitRun run = kexkit("makedumpfile", "-l", "-d", level, "--message-level", "16",
                    "--extension", jar, "--extension-arg", "process-page-dropper.comm=init", "-f", vmcore.toString(),
                    both.toString());
            BitSet kept = dumped(plain);
            BitSet expected = (BitSet) kept.clone();
            expected.andNot(init);
            BitSet dropped = (BitSet) kept.clone();
            dropped.and(init);
            BitSet actual = dumped(both);
            assertEquals("", difference(expected, actual), label + " -d " + level + ": the plain dump's pages less init's frames");
            Matcher m = Pattern.compile("Extension filter pages\\s*: 0x([0-9a-f]+)").matcher(run.out());
            assertTrue(m.find(), run.out());
            assertEquals(dropped.cardinality(), Long.parseLong(m.group(1), 16), label + " -d " + level
                    + ": Extension filter pages");
            System.out.printf("%s -d %s: %d of init's %d frames dropped (the level left out the rest), %.2f s%n%s",
                    label, level, dropped.cardinality(), init.cardinality(), run.seconds(), run.err());

            if (level.equals("31")) {
                Map<String, String> inDump = comms(oracle, both);
                assertEquals(raw.keySet(), inDump.keySet(), label + ": drgn walks the same tasks");
                String xs = "58".repeat(16);
                for (Map.Entry<String, String> e : inDump.entrySet()) {
                    assertEquals(xs, e.getValue(), label + ": task " + e.getKey() + "'s comm in the dump");
                    assertNotEquals(xs, raw.get(e.getKey()), label + ": task " + e.getKey() + "'s comm in the raw vmcore");
                }
            } else {
                assertTrue(dropped.cardinality() > 100, label + ": -d 17 keeps init's pages for the dropper to drop: "
                        + dropped.cardinality());
            }
        }
        oracle.discardWork();
    }

    /** Empty when equal; else how many pfns each side lacks, and the first few. */
    static String difference(BitSet expected, BitSet actual) {
        BitSet missing = (BitSet) expected.clone();
        missing.andNot(actual);
        BitSet extra = (BitSet) actual.clone();
        extra.andNot(expected);
        if (missing.isEmpty() && extra.isEmpty()) {
            return "";
        }
        return String.format("%d pfns missing (first %s), %d pfns extra (first %s)", missing.cardinality(),
                missing.stream().limit(8).mapToObj(Integer::toHexString).toList(), extra.cardinality(),
                extra.stream().limit(8).mapToObj(Integer::toHexString).toList());
    }

    /** The frames of init (the guest's one user process), as drgn finds them through its VMAs and follow_pfn. */
    static BitSet initFrames(MakedumpfileOracle oracle, Path work, String label) throws Exception {
        Path script = work.resolve("drgn-process-pfns.py");
        Files.write(script, GuestInitramfs.resource("drgn-process-pfns.py"));
        HostCommand.Result found = oracle.mustRun("python3", oracle.sid.inside(script), oracle.sid.inside(oracle.vmcore()),
                oracle.sid.inside(oracle.saved.kernel().debugVmlinux()), "init");
        BitSet init = new BitSet();
        for (String line : found.stdout().split("\n")) {
            if (line.startsWith("pfn ")) {
                init.set(Integer.parseInt(line.substring(4), 16));
            }
        }
        assertTrue(found.stdout().startsWith("tasks 1\n"), found.stdout());
        assertTrue(init.cardinality() > 100, label + ": drgn finds init's frames: " + init.cardinality());
        return init;
    }

    private static Path samplesJar() {
        return SampleExtensions.jar(Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize());
    }

    /**
     * Both dumps hold the same pfns; each page of {@code erased}, decompressed, equals {@code plain}'s
     * with the plan's ranges overwritten, and those ranges are all 'X' there. Returns the pages compared.
     */
    private static long sameExceptErased(Path plain, Path erased, ErasePlan plan, String label) throws Exception {
        BitSet a = dumped(plain);
        BitSet b = dumped(erased);
        assertEquals(a, b, label + ": --config changes no page of the page set");
        long pages = 0;
        try (KdumpReader p = KdumpReader.open(plain); KdumpReader e = KdumpReader.open(erased)) {
            for (int pfn = a.nextSetBit(0); pfn >= 0; pfn = a.nextSetBit(pfn + 1)) {
                byte[] want = p.readPage(pfn);
                plan.erase(pfn, want, 0);
                assertArrayEquals(want, e.readPage(pfn), label + ": pfn 0x" + Integer.toHexString(pfn));
                pages++;
            }
            for (EraseRange r : plan.ranges()) {
                long pfn = r.paddr() / PAGE;
                byte[] page = e.readPage(pfn);
                int at = (int) (r.paddr() % PAGE);
                byte[] x = new byte[(int) Math.min(r.length(), PAGE - at)];
                Arrays.fill(x, EraseRange.ERASED);
                assertArrayEquals(x, Arrays.copyOfRange(page, at, at + x.length), label + ": erased at 0x"
                        + Long.toHexString(r.paddr()));
            }
        }
        return pages;
    }

    /** pid (and "init") to comm as hex, as drgn reads them with the -dbg vmlinux. */
    static Map<String, String> comms(MakedumpfileOracle oracle, Path dump) throws Exception {
        Path script = dump.resolveSibling("drgn-comms.py");
        Files.write(script, GuestInitramfs.resource("drgn-comms.py"));
        HostCommand.Result r = oracle.mustRun("python3", oracle.sid.inside(script), oracle.sid.inside(dump),
                oracle.sid.inside(oracle.saved.kernel().debugVmlinux()));
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            List<String> f = List.of(line.trim().split(" "));
            if (f.size() == 2) {
                out.put(f.get(0), f.get(1));
            }
        }
        return out;
    }

    private static String text(String hex) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
