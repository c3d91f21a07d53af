package org.kexkit.bin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class OneLineTest {
    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\nb\\rc\\x00d\\x1b[2Je\\x7f", OneLine.of("a\nb\rc\0d\u001b[2Je\u007f"));
        // C1 controls (a terminal may take U+009B as CSI) and the Unicode line separators
        assertEquals("\\x9b31m \\x85 \\u2028 \\u2029", OneLine.of("\u009b31m \u0085 \u2028 \u2029"));
    }

    @Test
    void printableTextIsKept() {
        String text = "dump\tfile: naïve ü 日本 \\n";
        assertSame(text, OneLine.of(text));
        assertNull(OneLine.of(null));
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        String once = OneLine.of("x\n\u001by");
        assertEquals(once, OneLine.of(once));
    }
}
