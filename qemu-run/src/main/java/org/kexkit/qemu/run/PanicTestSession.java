package org.kexkit.qemu.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.kexkit.capture.KernelModules;

/**
 * The images of one kernel's panic tests, built once in a work directory, and the boots made with them: one at a
 * given crashkernel=, or a search for the smallest that works. A boot may change the guest's memory and CPUs
 * (the images do not depend on them).
 */
public final class PanicTestSession {
    /** A boot of a size probe must end within this: a capture short of memory can thrash for long. */
    public static final long PROBE_TIMEOUT = 420;

    /** A search's result: the probes, every boot by size, and the boot to report (the smallest working, else the largest). */
    public record Search(CrashkernelSearch.Result result, Map<Integer, PanicTestOutcome> boots, PanicTestOutcome shown) {}

    private final PanicTestPlan plan;
    private final Path work;
    private final String marker;
    private final Path firstImage;
    private final Optional<Path> runtimeDisk;
    private final List<String> modules;
    private final long captureBytes;
    private final long firstBytes;
    private final double imageSeconds;
    private final Consumer<String> progress;

    private PanicTestSession(PanicTestPlan plan, Path work, String marker, Path firstImage, Optional<Path> runtimeDisk,
            List<String> modules, long captureBytes, long firstBytes, double imageSeconds, Consumer<String> progress) {
        this.plan = plan;
        this.work = work;
        this.marker = marker;
        this.firstImage = firstImage;
        this.runtimeDisk = runtimeDisk;
        this.modules = modules;
        this.captureBytes = captureBytes;
        this.firstBytes = firstBytes;
        this.imageSeconds = imageSeconds;
        this.progress = progress;
    }

    /** Builds the images in {@code work} (created, owner-only); {@code progress} hears of each boot. */
    public static PanicTestSession prepare(PanicTestPlan plan, Path work, Consumer<String> progress) throws IOException {
        Files.createDirectories(work);
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String marker = "KEXKIT-QEMU-TEST-" + UUID.randomUUID();
        long started = System.nanoTime();
        PanicTestImages images = new PanicTestImages(plan);
        Path capture = work.resolve("capture.img");
        Path first = work.resolve("first.img");
        List<KernelModules.Module> mods = images.writeCapture(capture);
        images.writeFirst(first, capture, marker, PanicTestImages.captureCmdline());
        Optional<Path> runtime = Optional.empty();
        if (plan.runtimeOnDisk()) {
            runtime = Optional.of(work.resolve("runtime.img"));
            images.writeRuntimeDisk(runtime.get());
        }
        return new PanicTestSession(plan, work, marker, first, runtime, mods.stream().map(KernelModules.Module::name).toList(),
                Files.size(capture), Files.size(first), (System.nanoTime() - started) / 1e9, progress);
    }

    public PanicTestPlan plan() {
        return plan;
    }

    public String marker() {
        return marker;
    }

    public List<String> modules() {
        return modules;
    }

    public long captureImageBytes() {
        return captureBytes;
    }

    public long firstImageBytes() {
        return firstBytes;
    }

    public double imageSeconds() {
        return imageSeconds;
    }

    /** One boot of {@code variant} (this session's kernel and images) in work/NAME. */
    public PanicTestOutcome boot(PanicTestPlan variant, String name, long timeoutSeconds) {
        Path dir = work.resolve(name);
        progress.accept("booting " + variant.release() + " with crashkernel=" + variant.crashkernelMiB() + "M ("
                + Qemu.accelerator(variant.kernel()) + ", " + MemorySize.format(variant.memoryMiB()) + ", " + variant.cpus()
                + " CPUs; console " + dir.resolve("serial.log") + ")");
        PanicTestOutcome o = new PanicTest(variant, firstImage, runtimeDisk, false).boot(dir, timeoutSeconds);
        progress.accept("crashkernel=" + variant.crashkernelMiB() + "M: " + o.failure().orElse("dump written"));
        return o;
    }

    /** The smallest crashkernel= for {@code variant}'s machine, boots named PREFIX-SIZE. */
    public Search find(PanicTestPlan variant, CrashkernelSearch search, String prefix) {
        return find(variant, search, prefix, false);
    }

    /** The same expecting the search's lowest size to work (see {@link CrashkernelSearch#runFromLow}). */
    public Search findFrom(PanicTestPlan variant, CrashkernelSearch search, String prefix) {
        return find(variant, search, prefix, true);
    }

    private Search find(PanicTestPlan variant, CrashkernelSearch search, String prefix, boolean fromLow) {
        Map<Integer, PanicTestOutcome> boots = new LinkedHashMap<>();
        java.util.function.IntPredicate works = mib -> {
            PanicTestOutcome o = boot(variant.withCrashkernel(mib), prefix + mib + "M", PROBE_TIMEOUT);
            boots.put(mib, o);
            return o.dumpWritten();
        };
        CrashkernelSearch.Result r = fromLow ? search.runFromLow(works) : search.run(works);
        int shown = r.smallest().orElse(r.probes().get(0).mib());
        return new Search(r, boots, boots.get(shown));
    }
}
