package org.kexkit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.junit.jupiter.api.Test;

class Lz4LegacyOutputStreamTest {
    @Test
    void framesChunksOfEightMibAfterTheLegacyMagic() throws Exception {
        byte[] input = new byte[(8 << 20) + 12345];
        Random r = new Random(1);
        for (int i = 0; i < input.length; i += 64) {
            input[i] = (byte) r.nextInt(4);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Lz4LegacyOutputStream lz4 = new Lz4LegacyOutputStream(bytes)) {
            lz4.write(input, 0, input.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Lz4LegacyOutputStream.MAGIC, in.getInt());
        LZ4SafeDecompressor d = LZ4Factory.safeInstance().safeDecompressor();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int chunks = 0;
        while (in.hasRemaining()) {
            int size = in.getInt();
            byte[] packed = new byte[size];
            in.get(packed);
            byte[] plain = new byte[Lz4LegacyOutputStream.CHUNK];
            int n = d.decompress(packed, 0, size, plain, 0);
            back.write(plain, 0, n);
            chunks++;
        }
        assertEquals(2, chunks);
        assertArrayEquals(input, back.toByteArray());
    }
}
