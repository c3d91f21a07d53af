package org.kexkit.dump.erase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EraseResolverTest {
    private static final int PAGE = SyntheticKernel.PAGE;

    private static ErasePlan plan(String rules) throws Exception {
        EraseConfig config = EraseConfigParser.parse(rules.getBytes(StandardCharsets.US_ASCII), "erase.conf");
        return EraseResolver.resolve(config, new SyntheticKernel(), PAGE).plan();
    }

    /** The synthetic memory with {@code plan} applied to every page, as the dump writer would. */
    private static byte[] erased(ErasePlan plan) throws Exception {
        byte[] m = new SyntheticKernel().memory.clone();
        for (int pfn = 0; pfn < m.length / PAGE; pfn++) {
            plan.erase(pfn, m, pfn * PAGE);
        }
        return m;
    }

    private static String text(byte[] m, long at, int length) {
        return new String(m, (int) at, length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyTaskCommOnTheListBecomesX() throws Exception {
        ErasePlan plan = plan("for t in init_task.tasks within task:tasks\n  erase t.comm\nendfor\n"
                + "erase init_task.comm\n");
        byte[] m = erased(plan);
        for (long task : new long[] {SyntheticKernel.INIT, SyntheticKernel.TASKS[0], SyntheticKernel.TASKS[1],
                SyntheticKernel.TASKS[2]}) {
            assertEquals("X".repeat(16), text(m, task + SyntheticKernel.COMM, 16), "task at 0x" + Long.toHexString(task));
        }
        // the last task's comm lies on pages 1 and 2: both pieces erased, counted once each
        assertEquals(4 * 16, plan.erasedBytes());
        assertEquals("erase t.comm size 16\nerase init_task.comm size 16\n",
                new String(plan.eraseInfo(), StandardCharsets.US_ASCII));
        // nothing else changed
        byte[] before = new SyntheticKernel().memory;
        int changed = 0;
        for (int i = 0; i < m.length; i++) {
            changed += m[i] != before[i] ? 1 : 0;
        }
        assertTrue(changed <= 64, "only comm bytes change, " + changed + " did");
    }

    @Test
    void aCastGivesASymbolBtfHasNoTypeFor() throws Exception {
        EraseRuleException e = assertThrows(EraseRuleException.class, () -> plan("\nerase tasks_array\n"));
        assertEquals("erase.conf: line 2: synthetic BTF has no type for tasks_array (BTF_KIND_VAR): give it a cast,"
                + " e.g. (struct NAME)tasks_array or (char[N])tasks_array", e.getMessage());
        byte[] m = erased(plan("for t in (struct task *[4])tasks_array\n erase t.comm size 4\nendfor\n"));
        assertEquals("XXXX", text(m, SyntheticKernel.TASKS[0] + SyntheticKernel.COMM, 4));
        assertEquals("XXXX", text(m, SyntheticKernel.TASKS[1] + SyntheticKernel.COMM, 4));
        assertEquals("task", text(m, SyntheticKernel.TASKS[2] + SyntheticKernel.COMM, 4), "NULL elements skipped");
    }

    @Test
    void aCharPointerErasesItsString() throws Exception {
        byte[] m = erased(plan("erase init_task.name"));
        assertEquals("XXXXXXX\0", text(m, SyntheticKernel.NAME, 8));
    }

    @Test
    void nullifySetsThePointerToZero() throws Exception {
        ErasePlan plan = plan("erase init_task.name nullify");
        byte[] m = erased(plan);
        assertArrayEquals(new byte[8], Arrays.copyOfRange(m, (int) SyntheticKernel.INIT + 32, (int) SyntheticKernel.INIT + 40));
        assertEquals("hunter2", text(m, SyntheticKernel.NAME, 7));
        assertEquals("erase init_task.name nullify\n", new String(plan.eraseInfo(), StandardCharsets.US_ASCII));
    }

    @Test
    void sizesGivenOrReadFromTheDump() throws Exception {
        byte[] m = erased(plan("erase init_task.comm size 3\nerase init_task.name size secret_len"));
        assertEquals("XXXk-0", text(m, SyntheticKernel.INIT + SyntheticKernel.COMM, 6));
        assertEquals("XXXXXr2", text(m, SyntheticKernel.NAME, 7));
        m = erased(plan("erase (u64)secret_len size 1K"));
        assertEquals("X".repeat(1024), text(m, SyntheticKernel.SECRET_LEN, 1024));
    }

    @Test
    void viaFollowsNextUntilNull() throws Exception {
        ErasePlan plan = plan("for t in init_task via next\n erase t.len\nendfor");
        assertEquals(4 * 8, plan.plannedBytes());
    }

    @Test
    void badRulesAreOneLineWithFileAndLine() {
        assertEquals("erase.conf: line 1: unknown symbol no_such_symbol",
                assertThrows(EraseRuleException.class, () -> plan("erase no_such_symbol")).getMessage());
        assertEquals("erase.conf: line 2: struct task has no member secret (in synthetic BTF)",
                assertThrows(EraseRuleException.class, () -> plan("[vmlinux]\nerase init_task.secret")).getMessage());
        assertEquals("erase.conf: line 1: synthetic BTF has no type struct cred",
                assertThrows(EraseRuleException.class, () -> plan("erase (struct cred)init_task")).getMessage());
        assertEquals("erase.conf: line 1: init_task.comm is char[16], not a pointer: only a pointer can be nullified",
                assertThrows(EraseRuleException.class, () -> plan("erase init_task.comm nullify")).getMessage());
        assertEquals("erase.conf: line 1: init_task is struct task, not an array: write 'via NEXT' or 'within"
                        + " STRUCT:MEMBER' to walk a list",
                assertThrows(EraseRuleException.class, () -> plan("for t in init_task\n erase t.comm\nendfor"))
                        .getMessage());
    }

    @Test
    void perCpuVariablesAreRefused() {
        assertEquals("erase.conf: line 1: runqueue_len is a per-cpu variable: its symbol is an offset, and erase rules"
                + " do not reach the per-cpu copies",
                assertThrows(EraseRuleException.class, () -> plan("erase runqueue_len")).getMessage());
    }

    @Test
    void aListThatNeverComesBackIsRefused() throws Exception {
        SyntheticKernel k = new SyntheticKernel();
        // the third task's next points back at the first task, not at init_task: the walk never ends
        java.nio.ByteBuffer.wrap(k.memory).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong((int) SyntheticKernel.TASKS[2],
                SyntheticKernel.DIRECT + SyntheticKernel.TASKS[0]);
        EraseConfig config = EraseConfigParser.parse("for t in init_task.tasks within task:tasks\nerase t.comm\nendfor"
                .getBytes(StandardCharsets.US_ASCII), "erase.conf");
        EraseRuleException e = assertThrows(EraseRuleException.class, () -> EraseResolver.resolve(config, k, PAGE));
        assertTrue(e.getMessage().startsWith("erase.conf: line 1: the list at init_task.tasks does not come back to its"
                + " head after"), e.getMessage());
    }

    @Test
    void anUnmappedAddressIsARuleError() throws Exception {
        SyntheticKernel k = new SyntheticKernel();
        k.symbols.put("vmalloced", 0xffffc90000000000L);
        EraseConfig config = EraseConfigParser.parse("erase (u64)vmalloced".getBytes(StandardCharsets.US_ASCII), "c");
        EraseRuleException e = assertThrows(EraseRuleException.class, () -> EraseResolver.resolve(config, k, PAGE));
        assertEquals("c: line 1: (u64)vmalloced: address 0xffffc90000000000 is not mapped in the dump's kernel", e.getMessage());
    }

    @Test
    void aModuleNotLoadedIsSkippedWithAWarning() throws Exception {
        EraseConfig config = EraseConfigParser.parse("[dm_crypt]\nerase key_table\n".getBytes(StandardCharsets.US_ASCII),
                "c");
        EraseResolver.Result r = EraseResolver.resolve(config, new SyntheticKernel(), PAGE);
        assertEquals(0, r.plan().ranges().size());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("module dm_crypt is not loaded"), r.warnings().toString());
        assertFalse(r.plan().eraseInfo().length > 0);
    }
}
