package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KhoExceptionTest {
    @Test
    void aNameFromTheBlobIsShownEscaped() {
        assertEquals("node \\x1b[1mx\\n: no \"compatible\"", new KhoException("node \u001b[1mx\n: no \"compatible\"").getMessage());
    }
}
