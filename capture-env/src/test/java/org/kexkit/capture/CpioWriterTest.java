package org.kexkit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CpioWriterTest {
    @Test
    void writesNewcEntriesPaddedToFourBytesAndATrailer() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(bytes)) {
            cpio.file("init", 0755, "hi\n".getBytes(StandardCharsets.US_ASCII));
            cpio.charDevice("dev/console", 0600, 5, 1);
        }
        byte[] out = bytes.toByteArray();
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("070701"));
        // mode field (second) of the first entry: regular file 0755
        assertEquals(String.format("%08x", 0100755), text.substring(14, 22));
        // file size field (seventh)
        assertEquals("00000003", text.substring(6 + 6 * 8, 6 + 7 * 8));
        assertEquals(0, out.length % 4);
        assertTrue(text.contains("TRAILER!!!\0"));
        int dev = text.indexOf("dev/console");
        String devHeader = text.substring(dev - 110, dev);
        assertEquals("00000005", devHeader.substring(6 + 9 * 8, 6 + 10 * 8), "rdevmajor");
        assertEquals("00000001", devHeader.substring(6 + 10 * 8, 6 + 11 * 8), "rdevminor");
    }
}
