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
import org.kexkit.kexec.sys.Syscalls;

class KexecCommandTest {
    @TempDir
    Path dir;
    FakeKernel kernel;
    CliEnvironment environment;
    Path image;
    Path initrd;

    @BeforeEach
    void setUp() throws IOException {
        kernel = new FakeKernel();
        environment = kernel.environment(dir);
        image = Files.write(dir.resolve("vmlinuz"), new byte[16]);
        initrd = Files.write(dir.resolve("initrd"), new byte[16]);
        file("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M\n");
    }

    private void file(String relative, String content) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private CliRun run(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void statusText() throws IOException {
        file("sys/kernel/kexec_loaded", "0\n");
        file("sys/kernel/kexec_crash_loaded", "1\n");
        file("sys/kernel/kexec_crash_size", "268435456\n");
        CliRun result = run("kexec", "--status");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("kexec kernel loaded: no\ncrash kernel loaded: yes\ncrash reservation:   256 MiB (268435456 bytes)\n",
                result.out());
    }

    @Test
    void statusJson() throws IOException {
        file("sys/kernel/kexec_loaded", "1\n");
        file("sys/kernel/kexec_crash_size", "0\n");
        CliRun result = run("kexec", "--status", "--json");
        assertEquals(0, result.exitCode());
        assertEquals("{\"kexec_loaded\":true,\"kexec_crash_loaded\":null,\"kexec_crash_size\":0,\"kexec_crash_cma_size\":0,"
                + "\"kexec_crash_cma_ranges\":[]}\n", result.out());
    }

    @Test
    void statusNamesTheCrashkernelCmaAreas() throws IOException {
        // crashkernel=64M crashkernel=128M,cma on a 6.17+ kernel
        file("sys/kernel/kexec_crash_size", "67108864\n");
        file("sys/kernel/kexec_crash_cma_ranges", "30000000-37ffffff\n");
        CliRun text = run("kexec", "--status");
        assertTrue(text.out().contains("crash reservation:   64 MiB (67108864 bytes), plus 128 MiB (134217728 bytes)"
                + " crashkernel=,cma (30000000-37ffffff)\n"), text.out());
        CliRun json = run("kexec", "--status", "--json");
        assertTrue(json.out().contains("\"kexec_crash_cma_size\":134217728,\"kexec_crash_cma_ranges\":[\"30000000-37ffffff\"]"),
                json.out());
    }

    @Test
    void crashLoadIsQuietAndBuildsTheCommandLine() {
        CliRun result = run("kexec", "-p", "-s", image.toString(), "--initrd=" + initrd, "--reuse-cmdline",
                "--append=irqpoll nr_cpus=1");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.out());
        assertEquals("", result.err());
        assertEquals(List.of("root=/dev/vda ro irqpoll nr_cpus=1\0"), kernel.cmdlines);
        assertEquals(List.of(0x2L), kernel.flags);
    }

    @Test
    void debugTellsWhatWasLoaded() {
        CliRun result = run("kexec", "-l", "-s", "-d", image.toString(), "--ramdisk", initrd.toString(),
                "--command-line=console=ttyS0");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.errLine().contains("command line: \"console=ttyS0\""), result.err());
        assertEquals(List.of(0x0L), kernel.flags);
    }

    @Test
    void crashLoadFailureSaysReservationSize() throws IOException {
        file("sys/kernel/kexec_crash_size", "0\n");
        kernel.errno = 99; // EADDRNOTAVAIL
        CliRun result = run("kexec", "-p", "-s", image.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.errLine().startsWith("kexkit: cannot load the crash kernel " + image
                + ": kexec_file_load failed with EADDRNOTAVAIL: crashkernel= is missing or too small"), result.err());
        assertTrue(result.errLine().contains("(none reserved)"), result.err());
    }

    @Test
    void unloadCrash() {
        CliRun result = run("kexec", "-p", "-u");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of(0x3L), kernel.flags);
    }

    @Test
    void kexecLoadOfABrokenImageIsOneLineNamingFileAndOffset() {
        CliRun legacy = run("kexec", "-c", "-p", image.toString());
        assertEquals(1, legacy.exitCode());
        assertTrue(legacy.errLine().startsWith("kexkit: " + image + ": offset 0x"), legacy.err());
        assertTrue(kernel.flags.isEmpty());
    }

    @Test
    void execRefusesWhenNothingIsLoadedAndExplainsARefusedReboot() throws Exception {
        file("sys/kernel/kexec_loaded", "0\n");
        CliRun none = run("kexec", "-e");
        assertEquals(1, none.exitCode());
        assertEquals("kexkit: nothing has been loaded: load a kernel with kexkit kexec -l first", none.errLine());
        assertEquals(0, kernel.reboots);

        file("sys/kernel/kexec_loaded", "1\n");
        kernel.errno = 1; // EPERM
        CliRun refused = run("kexec", "-e");
        assertEquals(1, refused.exitCode());
        assertEquals(1, kernel.reboots);
        assertTrue(refused.errLine().startsWith("kexkit: "), refused.err());
    }

    @Test
    void usageErrors() {
        assertUsage(run("kexec", "-p", "--dry-run", image.toString()), "--dry-run and --elfcorehdr-out need -c");
        assertUsage(run("kexec", "-p", "-c", "--sysroot", "x", image.toString()), "--sysroot describes another machine");
        assertUsage(run("kexec", "-p", "-c", "-s", image.toString()),
                "--kexec-file-syscall, --kexec-syscall are mutually exclusive");
        assertUsage(run("kexec", "-e", image.toString()), "-e starts the kernel loaded before with -l");
        assertUsage(run("kexec", "-p", "-s"), "-p needs a KERNEL to load");
        assertUsage(run("kexec", "-p", "-l", "-s", image.toString()), "--load, --load-panic are mutually exclusive");
        assertUsage(run("kexec", "-p", "-s", image.toString(), "--reuse-cmdline", "--command-line=x"),
                "--command-line=TEXT, --reuse-cmdline are mutually exclusive");
        assertUsage(run("kexec"), "nothing to do");
        assertUsage(run("kexec", "--status", "-p"), "--status cannot be combined");
        assertUsage(run("kexec", "--bogus"), "Unknown option: '--bogus'");
        assertTrue(kernel.flags.isEmpty());
    }

    /** The actions exclude each other through picocli's groups: one line, exit 2, and no call reaches the kernel. */
    @Test
    void picocliKeepsTheActionsApart() throws IOException {
        file("sys/kernel/kexec_loaded", "1\n");
        String actions = "-u and (-e [--preserve=NAME=FILE]...) and (--status [--json]) are mutually exclusive";
        assertUsage(run("kexec", "-e", "-u"), actions);
        assertUsage(run("kexec", "-u", "--status"), actions);
        assertUsage(run("kexec", "--status", "-e"), actions);
        assertUsage(run("kexec", "-p", "-u", "-e"), actions);
        assertUsage(run("kexec", "-c", "-p", "-s", image.toString()),
                "--kexec-file-syscall, --kexec-syscall are mutually exclusive");
        assertUsage(run("kexec", "-p", image.toString(), "-l"), "--load, --load-panic are mutually exclusive");
        assertUsage(run("kexec", "--json"), "--json goes with --status");
        assertUsage(run("kexec", "-p", "-p", image.toString()), "give one of [-l | -p], once");
        assertUsage(run("kexec", "-u", image.toString()), "-u takes no KERNEL");
        assertUsage(run("kexec", "-l", "-u"), "-u takes no KERNEL, -l");
        assertUsage(run("kexec", "-p", "-s", image.toString(), "--append=irqpoll", "nr_cpus=1"),
                "Unmatched argument at index 5: 'nr_cpus=1'");
        assertTrue(kernel.flags.isEmpty());
        assertEquals(0, kernel.reboots);
        // kexec-tools' spellings that combine: -p -u unloads the crash kernel, with -s or -c given or not
        assertEquals(0, run("kexec", "-s", "-p", "-u").exitCode());
        assertEquals(List.of(0x3L), kernel.flags);
    }

    private static void assertUsage(CliRun result, String text) {
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLine().startsWith("kexkit: " + text), result.err());
        assertTrue(result.errLine().endsWith("(see 'kexkit kexec --help')"), result.err());
    }

    @Test
    void missingKernelFile() {
        CliRun result = run("kexec", "-p", "-s", dir.resolve("nope").toString());
        assertEquals(1, result.exitCode());
        assertEquals("kexkit: kernel " + dir.resolve("nope") + ": no such file", result.errLine());
    }

    @Test
    void unexpectedExceptionIsOneLineUnlessVerbose() {
        kernel.failure = new IllegalStateException("boom");
        CliRun quiet = run("kexec", "-p", "-u");
        assertEquals(1, quiet.exitCode());
        assertEquals("kexkit: unexpected java.lang.IllegalStateException: boom (use --verbose for the stack)",
                quiet.errLine());
        CliRun verbose = run("--verbose", "kexec", "-p", "-u");
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
        assertTrue(verbose.err().endsWith("kexkit: unexpected java.lang.IllegalStateException: boom\n"), verbose.err());
        CliRun verboseAfter = run("kexec", "-p", "-u", "--verbose");
        assertTrue(verboseAfter.err().contains("\tat "), verboseAfter.err());
    }

    @Test
    void helpAndVersion() {
        CliRun help = run("kexec", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--load-panic"), help.out());
        assertTrue(help.out().contains("--reuse-cmdline"), help.out());
        CliRun version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("kexkit "), version.out());
        assertEquals(0, run("vmcore", "save", "--help").exitCode());
    }

    @Test
    void noCommand() {
        CliRun result = run();
        assertEquals(2, result.exitCode());
        assertEquals("kexkit: missing command: kexec or vmcore (see 'kexkit --help')", result.errLine());
    }

    @Test
    void nativeBindingFailureIsOneLine() {
        Syscalls fake = kernel.syscalls();
        CliEnvironment broken = CliEnvironment.of(dir, new Syscalls(() -> {
            throw new UnsatisfiedLinkError("could not load FFI provider");
        }, fake.open(), fake.kexecLoad(), fake.reboot(), fake.liveUpdate()));
        CliRun result = CliRun.of(broken, "kexec", "-p", "-u");
        assertEquals(1, result.exitCode());
        assertEquals("kexkit: cannot bind kexec_file_load through jnr-ffi: could not load FFI provider", result.errLine());
    }
}
