package org.kexkit.kho.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    void aChangedLayoutUnderTheSameVersionRefusesItsLayer() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(new KhoDebugfsReader(KhoDebugfsTrees.stage1(dir)).read()
                .orElseThrow());
        NextKernelStrings next = KhoCompatibilityCheckTest.kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata");
        KhoCheckResult result = KhoCompatibilityCheck.check(out, next);
        LayoutCheck.Result same = LayoutCheck.compare(luoSer(false), luoSer(false), result, next);
        assertEquals(new LayoutCheck.Result(List.of(), 1), same);
        assertEquals(result, same.applyTo(result));
        LayoutCheck.Result changed = LayoutCheck.compare(luoSer(false), luoSer(true), result, next);
        String reason = "struct luo_ser changed layout (size 32 -> 40, member files_pa (int8 at byte 32) added) under the"
                + " same luo-v5: the next kernel would misread the handed-over data";
        assertEquals(List.of(new LayoutCheck.Mismatch("LUO", reason)), changed.mismatches());
        KhoCheckResult refused = changed.applyTo(result);
        assertFalse(refused.accepted());
        assertEquals(List.of(new LayerVerdict("LUO", "luo-v5", Verdict.REFUSE, reason)), refused.problems());
        assertEquals(result.root(), refused.root());
        // a next kernel that refuses LUO anyway: nothing to compare
        NextKernelStrings luo6 = KhoCompatibilityCheckTest.kernelWith("kho-v4", "luo-v6");
        assertEquals(0, LayoutCheck.compare(luoSer(false), luoSer(true), KhoCompatibilityCheck.check(out, luo6), luo6)
                .compared());
    }

    /** memfd's records travel inside LUO's sessions: a changed struct memfd_luo_ser refuses the LUO subtree. */
    @Test
    void aChangedMemfdRecordRefusesLuo() throws Exception {
        OutgoingHandover out = OutgoingHandoverReader.read(new KhoDebugfsReader(KhoDebugfsTrees.stage1(dir)).read()
                .orElseThrow());
        NextKernelStrings next = KhoCompatibilityCheckTest.kernelWith("kho-v4", "memblock-v1", "reserve-mem-v1",
                "luo-v5", "memfd-v2", "kexec-metadata");
        KhoCheckResult result = KhoCompatibilityCheck.check(out, next);
        Btf a = Btf.read(org.kexkit.btf.BtfTestShapes.memfdLuoSer(false), "a");
        Btf b = Btf.read(org.kexkit.btf.BtfTestShapes.memfdLuoSer(true), "b");
        LayoutCheck.Result r = LayoutCheck.compare(a, b, result, next);
        assertEquals(2, r.compared(), "kho_vmalloc and memfd_luo_ser");
        assertEquals(List.of(new LayoutCheck.Mismatch("LUO", "struct memfd_luo_ser changed layout (size 48 -> 56, member"
                + " generation (int8 at byte 48) added) under the same memfd-v2: the next kernel would misread the"
                + " handed-over data")), r.mismatches());
    }
}
