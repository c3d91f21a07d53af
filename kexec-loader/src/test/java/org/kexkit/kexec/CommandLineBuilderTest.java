package org.kexkit.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineBuilderTest {
    private static final String PROC = "BOOT_IMAGE=/boot/vmlinuz-6.9 root=UUID=abcd ro crashkernel=256M quiet"
            + " dyndbg=\"file a.c +p\"";

    @Test
    void reuseDropsBootImage() {
        assertEquals("root=UUID=abcd ro crashkernel=256M quiet dyndbg=\"file a.c +p\"",
                CommandLineBuilder.reuse(PROC, false));
    }

    @Test
    void reuseForCrashDropsCrashkernelToo() {
        assertEquals("root=UUID=abcd ro quiet dyndbg=\"file a.c +p\"", CommandLineBuilder.reuse(PROC, true));
        assertEquals("a crashkernelx=1", CommandLineBuilder.reuse("crashkernel=1G,high crashkernel=72M,low a crashkernelx=1", true));
    }

    @Test
    void joinAppends() {
        assertEquals("root=/dev/vda ro irqpoll nr_cpus=1",
                CommandLineBuilder.join(CommandLineBuilder.reuse("root=/dev/vda ro", true), "irqpoll nr_cpus=1"));
        assertEquals("irqpoll", CommandLineBuilder.join("", " irqpoll "));
        assertEquals("ro", CommandLineBuilder.join(" ro", null));
        assertEquals("", CommandLineBuilder.join(null, ""));
    }

    @Test
    void wordsKeepQuotedSpaces() {
        assertEquals(List.of("a", "b=\"c d\"", "e"), CommandLineBuilder.words("  a   b=\"c d\"\te\n"));
    }

    @Test
    void withoutDropsNamedParametersWithOrWithoutValue() {
        assertEquals("root=/dev/vda ro console=\"ttyS0 115200\"", CommandLineBuilder.without(
                "quiet root=/dev/vda hugepages=8 ro hugepagesz=1G console=\"ttyS0 115200\"",
                java.util.List.of("quiet", "hugepages", "hugepagesz")));
    }
}
