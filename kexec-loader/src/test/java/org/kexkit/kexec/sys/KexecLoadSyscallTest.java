package org.kexkit.kexec.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.kexec.image.KexecImage;
import org.kexkit.kexec.image.KexecLoadFlags;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kexec.image.SegmentKind;

class KexecLoadSyscallTest {
    record Call(long entry, List<Segment> segments, long flags) {
    }

    static final class FakeKexecLoad implements KexecLoadSyscall {
        final List<Call> calls = new ArrayList<>();

        @Override
        public int kexecLoad(long entry, List<Segment> segments, long flags) {
            calls.add(new Call(entry, segments, flags));
            return 0;
        }
    }

    @Test
    void flagsAndUnload() {
        assertEquals(0x3e0001L, KexecLoadFlags.of(true, false));
        assertEquals(0x3e0005L, KexecLoadFlags.of(true, true));
        assertEquals(0x3e0000L, KexecLoadFlags.of(false, false));
        FakeKexecLoad fake = new FakeKexecLoad();
        fake.unload(true);
        assertEquals(new Call(0, List.of(), 0x3e0001L), fake.calls.get(0));
        KexecImage image = new KexecImage(0x5000, List.of(new Segment(SegmentKind.PURGATORY, new byte[10], 0x5000, 0x1000)));
        fake.load(image, KexecLoadFlags.of(false, false));
        assertEquals(new Call(0x5000, image.segments(), 0x3e0000L), fake.calls.get(1));
    }
}
