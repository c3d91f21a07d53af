package org.kexkit.dump.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EraseConfigParserTest {
    private static EraseConfig parse(String text) throws EraseRuleException {
        return EraseConfigParser.parse(text.getBytes(StandardCharsets.ISO_8859_1), "f.conf");
    }

    private static String error(String text) {
        return assertThrows(EraseRuleException.class, () -> parse(text)).getMessage();
    }

    @Test
    void sectionsCommandsAndSizes() throws Exception {
        EraseConfig c = parse("# keys\nerase modprobe_path\n[vmlinux]\nerase cred_jar.name size 2k\n"
                + "erase init_task.mm nullify\n[dm_crypt]\n\terase key_len size   1M # big\nerase a.b size c.d\n");
        assertEquals(List.of("vmlinux", "vmlinux", "dm_crypt"), c.sections().stream().map(EraseConfig.Section::module)
                .toList());
        EraseConfig.Erase first = (EraseConfig.Erase) c.sections().get(0).commands().get(0);
        assertEquals(2, first.line());
        assertInstanceOf(EraseConfig.Natural.class, first.size());
        assertEquals(new EraseConfig.Bytes(2048), ((EraseConfig.Erase) c.sections().get(1).commands().get(0)).size());
        assertInstanceOf(EraseConfig.Nullify.class, ((EraseConfig.Erase) c.sections().get(1).commands().get(1)).size());
        assertEquals(new EraseConfig.Bytes(1 << 20), ((EraseConfig.Erase) c.sections().get(2).commands().get(0)).size());
        EraseConfig.ValueOf v = (EraseConfig.ValueOf) ((EraseConfig.Erase) c.sections().get(2).commands().get(1)).size();
        assertEquals("c", v.value().root());
        assertEquals(List.of("d"), v.value().members());
    }

    @Test
    void castsAndLoops() throws Exception {
        EraseConfig c = parse("erase ( struct  task_struct )init_task.comm\n"
                + "for t in (struct task_struct) init_task.tasks within task_struct:tasks\n"
                + "  for th in t.signal.thread_head within task_struct:thread_node\n    erase th.comm\n  endfor\nendfor\n"
                + "for m in modules_array\n erase m.name size 8\nendfor\nfor n in head via next\n erase n.key\nendfor\n"
                + "for p in pools within pool\n erase p.secret\nendfor\n");
        List<EraseConfig.Command> cmds = c.sections().get(0).commands();
        EraseConfig.Erase cast = (EraseConfig.Erase) cmds.get(0);
        assertEquals(Optional.of(new EraseConfig.TypeName("struct", "task_struct", 0, 0)), cast.target().cast());
        assertEquals("(struct task_struct)init_task.comm", cast.target().text());
        EraseConfig.Loop tasks = (EraseConfig.Loop) cmds.get(1);
        assertEquals(new EraseConfig.Within(tasks.list().head(), "task_struct", "tasks"), tasks.list());
        EraseConfig.Loop threads = (EraseConfig.Loop) tasks.body().get(0);
        assertEquals(3, threads.line());
        assertEquals(List.of("signal", "thread_head"), threads.list().head().members());
        assertInstanceOf(EraseConfig.ArrayOf.class, ((EraseConfig.Loop) cmds.get(2)).list());
        assertEquals("next", ((EraseConfig.Via) ((EraseConfig.Loop) cmds.get(3)).list()).next());
        assertEquals("list", ((EraseConfig.Within) ((EraseConfig.Loop) cmds.get(4)).list()).member(),
                "makedumpfile's default member");
    }

    @Test
    void badRulesNameFileAndLine() {
        assertEquals("f.conf: line 2: expected 'erase' or 'for', found 'delete'", error("erase a\ndelete b\n"));
        assertEquals("f.conf: line 1: no 'endfor' for this 'for t'", error("for t in a within s:m\n erase t.x\n"));
        assertEquals("f.conf: line 2: inside 'for t' an erase must start with 't', found 'u' (makedumpfile: unused"
                + " iteration variable)", error("for t in a within s:m\n erase u.x\nendfor"));
        assertEquals("f.conf: line 1: expected a size N, NK or NM, found '12G'", error("erase a size 12G"));
        assertEquals("f.conf: line 1: expected a section header [vmlinux] or [MODULE], found '[bad'", error("[bad\n"));
        assertEquals("f.conf: line 1: a cast '(' without ')' on the same line", error("erase (struct x\n"));
        assertEquals("f.conf: line 3: expected a size after 'size', found the end of the file",
                error("erase a\n\nerase b size"));
    }
}
