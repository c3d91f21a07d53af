package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;

class PurgatoryTest {
    @Test
    void bundledBinaryHasTheParameterBlock() {
        Purgatory purgatory = Purgatory.bundled();
        assertTrue(purgatory.binarySize() > Purgatory.PARAMS_OFFSET + Purgatory.PARAMS_SIZE);
        assertEquals(0, purgatory.segmentSize() % 4096);
        assertTrue(purgatory.segmentSize() >= purgatory.binarySize() + Purgatory.STACK_SIZE);
        assertEquals(0x5000 + purgatory.segmentSize(), purgatory.stackTop(0x5000));
    }

    @Test
    void patchedParametersRoundTrip() throws Exception {
        Purgatory purgatory = Purgatory.bundled();
        byte[] digest = new byte[32];
        new Random(1).nextBytes(digest);
        List<DigestRegion> regions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            regions.add(new DigestRegion(0x1_0000_0000L + i * 0x10_0000L, 0x1000L * (i + 1)));
        }
        PurgatoryParams params = new PurgatoryParams(0x2f000200L, 0x2fc0c000L, 0x2fc10000L, 0, digest, regions);
        byte[] patched = purgatory.patched(params);
        assertEquals(params, Purgatory.readParams(patched, "purgatory.bin"));
        // nothing outside the block changes, the jump at 0 included
        byte[] original = purgatory.patched(new PurgatoryParams(0, 0, 0, 0, new byte[32], List.of()));
        assertArrayEquals(Arrays.copyOf(original, 8), Arrays.copyOf(patched, 8));
        assertArrayEquals(Arrays.copyOfRange(original, 0x158, original.length),
                Arrays.copyOfRange(patched, 0x158, patched.length));
        assertEquals(0xe9, patched[0] & 0xff, "jmp rel32 at the entry");
        // a patched binary is still a purgatory
        Purgatory.of(patched, "patched");
    }

    @Test
    void fewerRegionsLeaveTheRestZero() throws Exception {
        PurgatoryParams params = new PurgatoryParams(1, 2, 3, 0, new byte[32], List.of(new DigestRegion(0x1000, 0x2000)));
        assertEquals(params, Purgatory.readParams(Purgatory.bundled().patched(params), "p"));
    }

    @Test
    void refusesOtherBinaries() {
        FormatException e = assertThrows(FormatException.class, () -> Purgatory.of(new byte[0x200], "x.bin"));
        assertEquals("x.bin: offset 0x8: not a kexkit purgatory: no \"KXKPURG1\" parameter block", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PurgatoryParams(0, 0, 0, 0, new byte[32], new ArrayList<>(java.util.Collections.nCopies(17,
                        new DigestRegion(0, 1)))));
    }
}
