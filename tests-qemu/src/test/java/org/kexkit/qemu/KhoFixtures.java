package org.kexkit.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Copies a KhoHandoverTest run's real blobs into kho-fdt's test resources (kho-qemu/), when the
 * test runs with KEXKIT_RECORD_KHO_FIXTURES=1 in the environment: each stage's debugfs kho/ files and the pages
 * of the LUO sessions found in the second kernel's memory.
 */
final class KhoFixtures {
    private KhoFixtures() {}

    static void record(KhoHandover.Run run, Path repo, long sessionsPa, Map<Long, byte[]> pages) throws IOException {
        Path dir = repo.resolve("kho-fdt/src/test/resources/kho-qemu");
        DebianKernels.deleteTree(dir);
        for (int stage = 1; stage <= 3; stage++) {
            for (String side : new String[] {"in", "out"}) {
                Path from = run.stage(stage).resolve(side);
                if (!Files.isDirectory(from)) {
                    continue;
                }
                try (var files = Files.walk(from)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Path to = dir.resolve("stage" + stage + "/" + side + "/" + from.relativize(f));
                        Files.createDirectories(to.getParent());
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Path memory = dir.resolve("stage2-luo-memory");
        Files.createDirectories(memory);
        Files.writeString(memory.resolve("sessions_pa"), "0x" + Long.toHexString(sessionsPa) + "\n");
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            Files.write(memory.resolve(String.format("%012x.page", page.getKey())), page.getValue());
        }
    }
}
