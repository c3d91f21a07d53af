package org.kexkit.bin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueLinesTest {
    @Test
    void parseSplitsAtTheFirstEqualsAndSkipsLinesWithoutAKey() {
        Map<String, String> pairs = KeyValueLines.parse("syscall=kexec_load\ncmdline=root=/dev/vda ro\n=x\nnoise\nkho=no\nkho=yes\n");
        assertEquals(List.of("syscall", "cmdline", "kho"), List.copyOf(pairs.keySet()));
        assertEquals("root=/dev/vda ro", pairs.get("cmdline"));
        assertEquals("yes", pairs.get("kho"), "a later line wins");
    }

    @Test
    void writeKeepsOrderAndOneLineAPair() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("result", "ok");
        pairs.put("dump", "failed:\nno space");
        byte[] text = KeyValueLines.write(pairs);
        assertEquals("result=ok\ndump=failed: no space\n", new String(text, StandardCharsets.UTF_8));
        assertEquals(Map.of("result", "ok", "dump", "failed: no space"), KeyValueLines.parse(new String(text,
                StandardCharsets.UTF_8)));
    }
}
