package org.kexkit.extension.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.kexkit.extension.EraseSink;
import org.kexkit.extension.Extension;
import org.kexkit.extension.ExtensionException;
import org.kexkit.extension.Vote;

/** The two sample extensions on a synthetic kernel: every comm erased, one process's pages dropped. */
class SamplesTest {
    /** Applies erase ranges to the synthetic memory, as the host's erase plan would; records them. */
    private static final class Applying implements EraseSink {
        private final SyntheticTasks k;
        final List<Long> virtual = new ArrayList<>();

        Applying(SyntheticTasks k) {
            this.k = k;
        }

        @Override
        public void erase(long paddr, long length) {
            Arrays.fill(k.memory, (int) paddr, (int) (paddr + length), (byte) 'X');
        }

        @Override
        public void nullify(long paddr, long length) {
            Arrays.fill(k.memory, (int) paddr, (int) (paddr + length), (byte) 0);
        }

        @Override
        public boolean eraseVirtual(long vaddr, long length) {
            virtual.add(vaddr);
            var p = k.toPhysical(vaddr);
            if (p.isEmpty()) {
                return false;
            }
            erase(p.getAsLong(), length);
            return true;
        }
    }

    @Test
    void theJarDeclaresBothSamples() {
        List<String> names = ServiceLoader.load(Extension.class).stream().map(p -> p.type().getSimpleName()).toList();
        assertEquals(List.of("TaskCommEraser", "ProcessPageDropper"), names);
    }

    @Test
    void everyTaskAndThreadCommBecomesXOnce() throws Exception {
        SyntheticTasks k = new SyntheticTasks();
        Applying sink = new Applying(k);
        new TaskCommEraser().eraseRanges(k, sink);
        for (long task : new long[] {SyntheticTasks.INIT, SyntheticTasks.SECRETD, SyntheticTasks.WORKER, SyntheticTasks.BASH}) {
            assertEquals("X".repeat(16), k.comm(task), "task at 0x" + Long.toHexString(task));
        }
        assertEquals(4, sink.virtual.size(), "each comm once: " + sink.virtual);
    }

    @Test
    void aTaskListThatDoesNotComeBackIsOneLine() throws Exception {
        SyntheticTasks k = new SyntheticTasks();
        // bash's next points into unbacked memory
        ByteBuffer.wrap(k.memory).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong((int) SyntheticTasks.BASH,
                SyntheticTasks.DIRECT + (1L << 30));
        ExtensionException e = assertThrows(ExtensionException.class, () -> new TaskCommEraser().eraseRanges(k,
                new Applying(k)));
        assertEquals("task_struct.tasks.next at 0xffff888040000000 is not in the dump", e.getMessage());
    }

    @Test
    void theNamedProcessesPagesAreDroppedAndNoOthers() throws Exception {
        SyntheticTasks k = new SyntheticTasks();
        ProcessPageDropper d = new ProcessPageDropper();
        assertEquals(java.util.Set.of("comm"), d.arguments().keySet());
        k.arguments.put("comm", "secretd");
        d.start(k);
        ByteBuffer none = ByteBuffer.allocate(64);
        for (long pfn : new long[] {20, 21, 22, 512, 1023}) {
            assertEquals(Vote.DROP, d.vote(pfn, none), "pfn " + pfn);
        }
        for (long pfn : new long[] {10, 19, 23, 30, 40, 511, 1024}) {
            assertEquals(Vote.NO_OPINION, d.vote(pfn, none), "pfn " + pfn);
        }
        assertEquals(3 + 512, d.pfns().cardinality());
        assertEquals(List.of("1 processes named secretd, 515 pages to drop"), k.notes);

        // 5-level paging (the direct map below 0xffff800000000000): the same frames under a PML5
        SyntheticTasks five = new SyntheticTasks(true);
        five.arguments.put("comm", "secretd");
        ProcessPageDropper d5 = new ProcessPageDropper();
        d5.start(five);
        assertEquals(d.pfns(), d5.pfns());

        ProcessPageDropper bash = new ProcessPageDropper();
        k.arguments.put("comm", "bash");
        bash.start(k);
        assertTrue(bash.pfns().isEmpty(), "bash maps nothing present");
        k.arguments.clear();
        assertEquals("no process name: give the argument process-page-dropper.comm=NAME",
                assertThrows(ExtensionException.class, () -> new ProcessPageDropper().start(k)).getMessage());
    }
}
