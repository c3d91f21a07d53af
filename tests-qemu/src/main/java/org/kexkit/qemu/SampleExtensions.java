package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The jar of the sample dump extensions (module kexkit-extension-samples) as the reactor builds it;
 * tests-qemu depends on that module for the build order only, so the jar stays off the class path
 * (where its service file would be found a second time).
 */
public final class SampleExtensions {
    /** The task-comm rules the capture test erases with, as makedumpfile.conf rules (init_task and every thread). */
    public static final String TASK_COMM_RULES = """
            [vmlinux]
            erase (struct task_struct)init_task.comm
            for t in (struct task_struct)init_task.tasks within task_struct:tasks
              for th in t.signal.thread_head within task_struct:thread_node
                erase th.comm
              endfor
            endfor
            """;

    private SampleExtensions() {
    }

    /** kexkit-extension-samples/target/kexkit-extension-samples-VERSION.jar under {@code repo}. */
    public static Path jar(Path repo) {
        Path target = repo.resolve("kexkit-extension-samples/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("kexkit-extension-samples-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new QemuRunException("no kexkit-extension-samples jar in " + target
                            + ": build with -am so that the module is packaged"));
        } catch (IOException e) {
            throw new UncheckedIOException("no kexkit-extension-samples jar: " + target, e);
        }
    }
}
