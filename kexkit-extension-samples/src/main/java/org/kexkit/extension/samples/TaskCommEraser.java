package org.kexkit.extension.samples;

import org.kexkit.extension.EraseSink;
import org.kexkit.extension.EraseSource;
import org.kexkit.extension.Extension;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.ExtensionException;
import org.kexkit.extension.Member;
import org.kexkit.extension.Needs;

/**
 * Erases every task's comm (the task_struct.comm[] name) with 'X', walking the task list from
 * init_task: what makedumpfile's erase_sample extension does, here from BTF alone. Threads other
 * than a process's leader are on the list only through their leader's thread list
 * (signal_struct.thread_head, task_struct.thread_node, 6.7+), walked when the kernel has them.
 */
public final class TaskCommEraser implements Extension, EraseSource {
    /** A process with more threads than this is a loop in the thread list. */
    private static final int MAX_THREADS = 1 << 22;

    @Override
    public String name() {
        return "task-comm-eraser";
    }

    @Override
    public int apiVersion() {
        return ExtensionApi.VERSION;
    }

    @Override
    public Needs needs() {
        return Needs.builder().symbol("init_task").member("task_struct", "tasks").member("task_struct", "comm")
                .optionalMember("task_struct", "signal").optionalMember("signal_struct", "thread_head")
                .optionalMember("task_struct", "thread_node").build();
    }

    @Override
    public void eraseRanges(ExtensionContext c, EraseSink sink) throws ExtensionException {
        Member comm = c.member("task_struct", "comm").orElseThrow(() -> new ExtensionException("no task_struct.comm"));
        var signal = c.member("task_struct", "signal");
        var threadHead = c.member("signal_struct", "thread_head");
        var threadNode = c.member("task_struct", "thread_node");
        boolean threads = signal.isPresent() && threadHead.isPresent() && threadNode.isPresent();
        for (long task : TaskList.tasks(c)) {
            erase(c, sink, task, comm);
            if (!threads) {
                continue;
            }
            long sig = TaskList.read(c, task + signal.get().offset(), "task_struct.signal");
            if (sig == 0) {
                continue;
            }
            long head = sig + threadHead.get().offset();
            long node = TaskList.read(c, head, "signal_struct.thread_head.next");
            for (int n = 0; node != head; n++) {
                if (n >= MAX_THREADS) {
                    throw new ExtensionException(String.format("the thread list at 0x%x does not end", head));
                }
                long thread = node - threadNode.get().offset();
                if (thread != task) {
                    erase(c, sink, thread, comm);
                }
                node = TaskList.read(c, node, "task_struct.thread_node.next");
            }
        }
    }

    private static void erase(ExtensionContext c, EraseSink sink, long task, Member comm) throws ExtensionException {
        if (!sink.eraseVirtual(task + comm.offset(), comm.size())) {
            throw new ExtensionException(String.format("the comm of the task_struct at 0x%x is not in the dump", task));
        }
    }
}
