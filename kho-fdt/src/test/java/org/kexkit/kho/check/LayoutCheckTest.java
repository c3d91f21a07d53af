package org.kexkit.kho.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfBuilder;
import org.kexkit.kho.system.KhoDebugfsReader;
import org.kexkit.kho.system.KhoDebugfsTrees;

class LayoutCheckTest {
    @TempDir
    Path dir;

    /** struct luo_ser: char compatible[8]; u64 liveupdate_num, sessions_pa, flbs_pa (and an extra one). */
    static Btf luoSer(boolean extraField) throws Exception {
        BtfBuilder b = new BtfBuilder();
        int u64 = b.typedef("u64", b.integer("unsigned long long", 8));
        int chars = b.array(b.integer("char", 1), 8);
        if (extraField) {
            b.struct("luo_ser", 40, "compatible", chars, 0, "liveupdate_num", u64, 8, "sessions_pa", u64, 16,
                    "flbs_pa", u64, 24, "files_pa", u64, 32);
        } else {
            b.struct("luo_ser", 32, "compatible", chars, 0, "liveupdate_num", u64, 8, "sessions_pa", u64, 16,
                    "flbs_pa", u64, 24);
        }
        return Btf.read(b.bytes(), "btf");
    }

    @Test
    void aChangedLayoutUnderTheSameVersionWarns() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(new KhoDebugfsReader(KhoDebugfsTrees.stage1(dir)).read()
                .orElseThrow());
        NextKernelStrings next = KhoCompatibilityCheckTest.kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata");
        KhoCheckResult result = KhoCompatibilityCheck.check(out, next);
        LayoutCheck.Result same = LayoutCheck.compare(luoSer(false), luoSer(false), result, next);
        assertEquals(new LayoutCheck.Result(List.of(), 1), same);
        LayoutCheck.Result changed = LayoutCheck.compare(luoSer(false), luoSer(true), result, next);
        assertEquals(List.of("struct luo_ser changed layout (size 32 -> 40) but both kernels say luo-v5: the next kernel"
                + " may misread the handed-over data"), changed.warnings());
        // a next kernel that refuses LUO anyway: nothing to compare
        NextKernelStrings luo6 = KhoCompatibilityCheckTest.kernelWith("kho-v4", "luo-v6");
        assertEquals(0, LayoutCheck.compare(luoSer(false), luoSer(true), KhoCompatibilityCheck.check(out, luo6), luo6)
                .compared());
    }
}
