package org.kexkit.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * pmem end to end: a guest with two emulated NVDIMMs (QEMU nvdimm devices over files in the run
 * directory), made fsdax by Debian's ndctl (one --map=dev, one --map=mem), an ext4 mounted -o dax
 * on the first holding a file of a known pattern (scenario-pmem.sh); kexkit crash-loads with -c or
 * -s, the guest panics, the capture kernel writes a -d 31 and a -d 63 dump. On the host the
 * NVDIMM backing files are the truth: where the pattern is, what the info block says, the bytes of
 * each namespace's metadata; drgn reads the dumps (pmem-check.py).
 */
public final class PmemCapture {
    /** Two NVDIMMs of this size; label-less, so each is one region with one namespace. */
    static final int NVDIMM_MIB = 256;
    static final int PATTERN_PAGES = 64;
    private static final Pattern ND = Pattern.compile("KEXKIT-GUEST: nd (\\S+)(.*)");
    private static final Pattern ATTR = Pattern.compile(" (\\w+)=(\\S*)");
    private static final Pattern RC = Pattern.compile(" rc=(\\d+)");

    /** One namespace as the first kernel's sysfs and the NVDIMM's backing file show it. */
    public record Namespace(String name, String claim, String memmap, long start, long size, long dataStart,
            Path backingFile, long fileOffset, String infoSignature, long infoDataOffset, String metadataSha256) {
        public long metadataBytes() {
            return dataStart - start;
        }
    }

    /** What a run measured and saw. */
    public record Report(String kernelLabel, String loader, List<Namespace> namespaces, List<Long> patternPfns, long inode,
            long keptBytes, long droppedBytes, Map<String, String> kept, Map<String, String> dropped,
            String keptJson, String droppedJson, String pmemList, String captureList, String layout, String captureLayout,
            double loadSeconds, double keptSeconds, double droppedSeconds, double runSeconds, Path sysroot) {
        public long pmemBytes() {
            return namespaces.stream().mapToLong(Namespace::size).sum();
        }

        public String format() {
            StringBuilder b = new StringBuilder(String.format("pmem, kernel %s, kexkit kexec -p %s: QEMU run %.0f s%n",
                    kernelLabel, loader, runSeconds));
            for (Namespace n : namespaces) {
                b.append(String.format("  %s (%s, memmap %s) 0x%x-0x%x: metadata %.1f MiB to 0x%x, info block %s dataoff 0x%x%n",
                        n.name(), n.claim(), n.memmap(), n.start(), n.start() + n.size() - 1, n.metadataBytes() / 1048576.0,
                        n.dataStart(), n.infoSignature(), n.infoDataOffset()));
            }
            b.append(String.format("  pmem %d MiB; -d 31 -z dump %.1f MiB (metadata kept), -d 63 -z dump %.1f MiB (dropped)%n",
                    pmemBytes() >> 20, keptBytes / 1048576.0, droppedBytes / 1048576.0));
            b.append(String.format("  kexec -p %.1f s, makedumpfile -d 31 %.1f s, -d 63 %.1f s (guest, TCG)%n", loadSeconds,
                    keptSeconds, droppedSeconds));
            b.append("  drgn on -d 31: ").append(kept).append('\n');
            b.append("  drgn on -d 63: ").append(dropped).append('\n');
            return b.toString();
        }
    }

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;
    private final PanicCapture.Loader loader;

    public PmemCapture(PanicCapture.Setup setup, PanicCapture.Options options, PanicCapture.Loader loader) {
        this.setup = setup;
        this.options = options;
        this.loader = loader;
    }

    String runName(GuestKernel kernel) {
        return "pmem-capture" + (loader == PanicCapture.Loader.LOAD ? "-c" : "-s") + "-" + kernel.label();
    }

    public Report run(GuestKernel kernel) {
        long started = System.nanoTime();
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        long seed = new Random().nextInt(1 << 30);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("MARKER", marker);
        config.put("LOAD_ARGS", loader.flag);
        config.put("CAPTURE_APPEND", PanicCapture.CAPTURE_APPEND);
        config.put("NDCTL", SidPrograms.command("ndctl"));
        config.put("PATTERN_PAGES", Integer.toString(PATTERN_PAGES));
        config.put("PATTERN_SEED", Long.toString(seed));
        Map<String, Path> programs = Map.of("bin/mkfs.ext4", hostProgram("mke2fs"),
                "bin/daxfill", HostPrograms.build(setup.cache(), "daxfill"));
        Map<String, List<String>> modules = new LinkedHashMap<>();
        modules.put("pmem-bus", List.of("nfit"));
        modules.put("pmem-drivers", List.of("nd_pmem", "dax_pmem"));
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, runName(kernel), "scenario-pmem.sh", config, programs,
                List.of(), SidPrograms.files(setup.sid(), "/usr/bin/ndctl"), modules, PmemCapture::nvdimms);
        for (String step : List.of("ndctl-dev", "ndctl-mem", "mkfs", "mount-dax", "daxfill", "pmem-list", "pmem-layout")) {
            requireRc(run, "KEXKIT-GUEST: " + step + " rc=", step);
        }
        SerialLog.Line load = run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p " + loader.flag);
        run.need("KEXKIT-GUEST: capture userspace");
        SerialLog.Line kept = run.needSuccess("KEXKIT-GUEST: makedumpfile-kept", "kexkit makedumpfile -d 31");
        SerialLog.Line dropped = run.needSuccess("KEXKIT-GUEST: makedumpfile-dropped", "kexkit makedumpfile -d 63");
        Matcher ino = Pattern.compile("pattern-inode (\\d+)").matcher(run.need("KEXKIT-GUEST: pattern-inode").text());
        long inode = ino.find() ? Long.parseLong(ino.group(1)) : -1;

        Map<String, Map<String, String>> nd = ndLines(run, load);
        List<Namespace> namespaces = namespaces(nd, run.work());
        Path sidWork = setup.sid().workDir(runName(kernel));
        Path keptDump = sidWork.resolve("dump-kept");
        Path droppedDump = sidWork.resolve("dump-dropped");
        Ext4Image.extract(run.dumpDisk(), "/dump-kept", keptDump);
        Ext4Image.extract(run.dumpDisk(), "/dump-dropped", droppedDump);
        Path sysroot = run.work().resolve("sysroot");
        DebianKernels.deleteTree(sysroot);
        Ext4Image.extractTree(run.dumpDisk(), "/sysroot", run.work());
        boolean fileLoad = loader == PanicCapture.Loader.FILE;

        Namespace dev = namespaces.get(0);
        List<Long> pattern = patternPfns(dev, seed);
        List<String> args = new ArrayList<>();
        for (Namespace n : namespaces) {
            args.add(String.format("meta=%s:0x%x:0x%x", n.name().replace('.', '_'), n.start(), n.metadataBytes()));
        }
        args.add("pattern=" + String.join(",", pattern.stream().map(p -> "0x" + Long.toHexString(p)).toList()));
        args.add("page=pattern:0x" + Long.toHexString(pattern.get(0)));
        Namespace mem = namespaces.get(1);
        args.add("page=mem:0x" + Long.toHexString(mem.dataStart() / 4096));
        PmemCheck check = new PmemCheck(setup.sid());
        Map<String, String> seenKept = check.inspect(keptDump, kernel.debugVmlinux(), args);
        Map<String, String> seenDropped = check.inspect(droppedDump, kernel.debugVmlinux(), args);
        Report report = new Report(kernel.label(), loader.flag, namespaces, pattern, inode, GuestRun.size(keptDump),
                GuestRun.size(droppedDump), seenKept, seenDropped, text(run, "/makedumpfile-kept.json"),
                text(run, "/makedumpfile-dropped.json"), text(run, "/pmem-list.txt"),
                fileLoad ? text(run, "/pmem-list-capture.txt") : "", text(run, "/pmem-layout"),
                fileLoad ? text(run, "/pmem-layout-capture") : "", GuestRun.span(load), GuestRun.span(kept),
                GuestRun.span(dropped), (System.nanoTime() - started) / 1e9, sysroot);
        run.discardImages(); // the disks and the two NVDIMM backing files, read above
        return report;
    }

    /** The NVDIMMs: a file-backed memory backend each, shared so the file holds what the guest wrote. */
    static List<String> nvdimms(Path work) {
        List<String> args = new ArrayList<>(List.of("-machine", "pc,nvdimm=on", "-m", "slots=2,maxmem=4G"));
        for (int i = 0; i < 2; i++) {
            Path file = Ext4Image.privateFile(work.resolve("nvdimm" + i + ".img")); // guest memory: owner-only
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength((long) NVDIMM_MIB << 20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            args.addAll(List.of("-object", "memory-backend-file,id=nv" + i + ",share=on,mem-path=" + file + ",size="
                    + NVDIMM_MIB + "M", "-device", "nvdimm,id=nvdimm" + i + ",memdev=nv" + i));
        }
        return args;
    }

    /** The first kernel's "nd NAME attr=value ..." lines (those before its crash load). */
    static Map<String, Map<String, String>> ndLines(GuestRun.Result run, SerialLog.Line load) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (SerialLog.Line l : run.log().lines()) {
            if (l.seconds() > load.seconds()) {
                break;
            }
            Matcher m = ND.matcher(l.text());
            if (m.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTR.matcher(m.group(2));
                while (a.find()) {
                    attrs.put(a.group(1), a.group(2));
                }
                out.put(m.group(1), attrs);
            }
        }
        return out;
    }

    /**
     * namespace0.0 and namespace1.0 with their claiming pfn device, in address order; the backing
     * file of each is the NVDIMM of its region (QEMU places nvdimm0 below nvdimm1).
     */
    static List<Namespace> namespaces(Map<String, Map<String, String>> nd, Path work) {
        List<Namespace> out = new ArrayList<>();
        List<Long> regionStarts = nd.entrySet().stream().filter(e -> e.getKey().startsWith("region")
                && e.getValue().containsKey("resource")).map(e -> hex(e.getValue().get("resource"))).sorted().toList();
        for (String name : List.of("namespace0.0", "namespace1.0")) {
            Map<String, String> ns = nd.get(name);
            if (ns == null || !ns.containsKey("holder") || ns.get("holder").isEmpty()) {
                throw new QemuRunException("the guest shows no claimed " + name + ": " + nd);
            }
            Map<String, String> pfn = nd.get(ns.get("holder"));
            long start = hex(ns.get("resource"));
            long region = regionStarts.stream().filter(r -> r <= start).reduce((a, b) -> b).orElseThrow();
            Path file = work.resolve("nvdimm" + regionStarts.indexOf(region) + ".img");
            long offset = start - region;
            byte[] info = read(file, offset + 4096, 64);
            String sig = new String(info, 0, 15, StandardCharsets.US_ASCII);
            long dataoff = java.nio.ByteBuffer.wrap(info, 56, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long dataStart = hex(pfn.get("resource"));
            out.add(new Namespace(name, ns.get("holder"), pfn.get("mode"), start, Long.parseLong(ns.get("size")),
                    dataStart, file, offset, sig, dataoff, sha256(file, offset, dataStart - start)));
        }
        return out;
    }

    /** The pfns of the pattern file's pages, found in the NVDIMM's backing file: page i at index i. */
    static List<Long> patternPfns(Namespace ns, long seed) {
        List<Long> pfns = new ArrayList<>(java.util.Collections.nCopies(PATTERN_PAGES, -1L));
        try (RandomAccessFile f = new RandomAccessFile(ns.backingFile().toFile(), "r")) {
            byte[] page = new byte[4096];
            for (long at = ns.fileOffset() + ns.metadataBytes(); at < ns.fileOffset() + ns.size(); at += 4096) {
                f.seek(at);
                f.readFully(page);
                String head = new String(page, 0, 64, StandardCharsets.US_ASCII);
                String prefix = "KEXKIT-PMEM-PATTERN " + seed + " ";
                if (head.startsWith(prefix)) {
                    int index = Integer.parseInt(head.substring(prefix.length()).split("\0")[0].strip());
                    pfns.set(index, (ns.start() - ns.fileOffset() + at) / 4096);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (pfns.contains(-1L)) {
            throw new QemuRunException("the pattern's pages are not all in " + ns.backingFile() + ": " + pfns);
        }
        return pfns;
    }

    private static void requireRc(GuestRun.Result run, String needle, String step) {
        SerialLog.Line line = run.need(needle);
        Matcher m = RC.matcher(line.text());
        if (!m.find() || !m.group(1).equals("0")) {
            throw run.failure(step + " failed in the guest: " + line.text());
        }
    }

    private static String text(GuestRun.Result run, String file) {
        Path out = run.work().resolve(file.substring(1));
        Ext4Image.extract(run.dumpDisk(), file, out);
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path hostProgram(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new QemuRunException(name + " is not installed (e2fsprogs)");
    }

    static long hex(String text) {
        return Long.parseUnsignedLong(text.startsWith("0x") ? text.substring(2) : text, 16);
    }

    static byte[] read(Path file, long offset, int length) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file, long offset, long length) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            f.seek(offset);
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(buf.length, length - done);
                f.readFully(buf, 0, n);
                d.update(buf, 0, n);
                done += n;
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
