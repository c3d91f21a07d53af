package org.kexkit.extension.samples;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.ExtensionException;

/**
 * The kernel's tasks: init_task, then every task_struct on its tasks list (a list_head embedded at
 * task_struct.tasks, circular through init_task), at BTF's offsets.
 */
final class TaskList {
    /** More tasks than PID_MAX_LIMIT (4M): a longer list is a loop. */
    private static final int MAX_TASKS = 1 << 22;

    private TaskList() {
    }

    /** The addresses of every task_struct, init_task first. */
    static List<Long> tasks(ExtensionContext c) throws ExtensionException {
        long init = c.symbol("init_task").orElseThrow(() -> new ExtensionException("no symbol init_task"));
        long link = c.member("task_struct", "tasks").orElseThrow(() -> new ExtensionException(
                "no member task_struct.tasks")).offset();
        List<Long> out = new ArrayList<>();
        long task = init;
        do {
            if (out.size() >= MAX_TASKS) {
                throw new ExtensionException("the task list does not come back to init_task after " + MAX_TASKS + " tasks");
            }
            out.add(task);
            long next = read(c, task + link, "task_struct.tasks.next");
            task = next - link;
        } while (task != init);
        return out;
    }

    static long read(ExtensionContext c, long vaddr, String what) throws ExtensionException {
        return c.readLong(vaddr).orElseThrow(() -> new ExtensionException(String.format("%s at 0x%x is not in the dump",
                what, vaddr)));
    }
}
