package org.kexkit.bin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatExceptionTest {
    @Test
    void aMessageIsOneLineWhateverTheInputHeld() {
        // found by fuzzing: a device tree whose root node is named "\n"
        FormatException e = new FormatException("fdt\r", 0x40, "root node is named \"\n\u0001\", expected an empty name");
        assertEquals("fdt\\r: offset 0x40: root node is named \"\\n\\x01\", expected an empty name", e.getMessage());
        assertEquals("root node is named \"\\n\\x01\", expected an empty name", e.problem());
        assertEquals("fdt\r", e.source());
    }

    @Test
    void plainMessagesAreUnchanged() {
        FormatException e = new FormatException("vmcore", 0x10, "expected\ta tab to stay");
        assertEquals("vmcore: offset 0x10: expected\ta tab to stay", e.getMessage());
    }
}
