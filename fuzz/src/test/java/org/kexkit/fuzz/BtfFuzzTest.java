package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.btf.Btf;

/** A BTF blob (/sys/kernel/btf/vmlinux, a vmlinux's .BTF) and struct look-ups in it. */
class BtfFuzzTest {
    private static final String[] STRUCTS = {"page", "kho_mem_track", "luo_ser", "task_struct", "x"};

    @FuzzTest
    void btf(FuzzedDataProvider data) {
        String name = data.pickValue(STRUCTS);
        byte[] input = data.consumeRemainingAsBytes();
        Bounds.check("btf", input.length, 32, 1 << 20, () -> {
            Btf btf = Btf.read(input, "btf");
            btf.typeCount();
            btf.struct(name);
        });
    }
}
