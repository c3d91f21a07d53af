package org.kexkit.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KexecExceptionTest {
    @Test
    void aFileNameOrSystemTextIsShownEscaped() {
        KexecException e = new KexecException("/boot/vmlinuz\n\u001b[32mOK: kexec_file_load refused", 1);
        assertEquals("/boot/vmlinuz\\n\\x1b[32mOK: kexec_file_load refused", e.getMessage());
        assertEquals(1, e.errno());
    }
}
