package org.kexkit.kho.fdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexkit.kho.KhoSamples;

class DtsWriterTest {
    static List<String> dtsSamples() {
        return KhoSamples.named(".dts");
    }

    @ParameterizedTest
    @MethodSource("dtsSamples")
    void guessedTypesPrintWhatDtcPrinted(String dts) throws Exception {
        String dtb = dts.replace(".dts", ".dtb");
        Fdt tree = FdtReader.read(KhoSamples.bytes(dtb), dtb).tree();
        assertEquals(KhoSamples.text(dts), new DtsWriter(PropertyTyping.GUESS).write(tree));
    }

    @Test
    void headerAndPropertiesMatchFdtdump() throws Exception {
        String dump = KhoSamples.text("stage2-in-fdt.fdtdump.txt");
        FdtBlob blob = FdtReader.read(KhoSamples.bytes("stage2-in-fdt.dtb"), "stage2");
        FdtHeader h = blob.header();
        assertEquals(List.of((long) FdtSpec.MAGIC, (long) h.totalSize(), (long) h.offDtStruct(),
                (long) h.offDtStrings(), (long) h.offMemRsvmap(), (long) h.version(), (long) h.lastCompVersion(),
                (long) h.bootCpuidPhys(), (long) h.sizeDtStrings(), (long) h.sizeDtStruct()), headerFields(dump));
        // fdtdump pads cells to 8 digits and indents with spaces; the values are the same as ours
        String ours = new DtsWriter(PropertyTyping.GUESS).write(blob.tree());
        assertEquals(normalise(dump.substring(dump.indexOf("/ {"))), normalise(ours.substring(ours.indexOf("/ {"))));
    }

    @Test
    void truncatedSampleIsTheCompleteBlobsFirst233Bytes() throws Exception {
        // fdtdump printed the truncated file's header before giving up; it is the complete blob's header
        byte[] truncated = KhoSamples.bytes("stage1-out-fdt.truncated.dtb");
        byte[] complete = KhoSamples.bytes("stage2-in-fdt.dtb");
        assertEquals(headerFields(KhoSamples.text("stage2-in-fdt.fdtdump.txt")),
                headerFields(KhoSamples.text("stage1-out-fdt.truncated.fdtdump.txt")));
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(complete, truncated.length)),
                java.util.Arrays.toString(truncated));
        // dtc and kexkit refuse it for the same reason
        org.junit.jupiter.api.Assertions.assertTrue(KhoSamples.text("stage1-out-fdt.truncated.dtc.txt")
                .contains("EOF before reading 345 bytes"));
        org.junit.jupiter.api.Assertions.assertTrue(FdtReader.isTruncated(truncated));
        org.junit.jupiter.api.Assertions.assertFalse(FdtReader.isTruncated(complete));
        org.junit.jupiter.api.Assertions.assertFalse(FdtReader.hasMagic(KhoSamples.bytes("stage1-out-sub-LUO.bin")));
    }

    @Test
    void valueKinds() {
        assertEquals("\"a\", \"b\\\"c\"", DtsWriter.value(PropertyValue.guess("a\0b\"c\0".getBytes())));
        assertEquals("<0x01 0x00>", DtsWriter.value(PropertyValue.guess(new byte[] {0, 0, 0, 1, 0, 0, 0, 0})));
        assertEquals("[01 02 03]", DtsWriter.value(PropertyValue.guess(new byte[] {1, 2, 3})));
        assertEquals("", DtsWriter.value(PropertyValue.guess(new byte[0])));
        // an empty string inside is not shown as strings (dtc util_is_printable_string)
        assertEquals("[61 00 00]", DtsWriter.value(PropertyValue.guess(new byte[] {'a', 0, 0})));
        assertEquals("/le64/ <0x267000>",
                DtsWriter.value(PropertyValue.u64Le(new byte[] {0, 0x70, 0x26, 0, 0, 0, 0, 0})));
    }

    private static List<Long> headerFields(String dump) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^// \\w+:\\s+(0x[0-9a-f]+|\\d+)").matcher(dump);
        while (m.find()) {
            String v = m.group(1);
            out.add(v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v));
        }
        return out;
    }

    private static String normalise(String text) {
        Matcher m = Pattern.compile("0x0*([0-9a-f]+)").matcher(text.replaceAll("(?m)^\\s+", "")
                .replaceAll("\n+", "\n"));
        return m.replaceAll("0x$1").strip();
    }
}
