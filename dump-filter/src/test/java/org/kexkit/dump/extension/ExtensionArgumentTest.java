package org.kexkit.dump.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** NAME.KEY=VALUE: the name is what comes before the last '.' ahead of the '='; the value may hold anything on one line. */
class ExtensionArgumentTest {
    @Test
    void theFormIsNameDotKeyEqualsValue() throws Exception {
        assertEquals(new ExtensionArgument("process-page-dropper", "comm", "sshd"),
                ExtensionArgument.parse("process-page-dropper.comm=sshd"));
        assertEquals(new ExtensionArgument("vendor.gpu", "pool", "a=b.c"), ExtensionArgument.parse("vendor.gpu.pool=a=b.c"));
        assertEquals(new ExtensionArgument("x", "k", ""), ExtensionArgument.parse("x.k="));
        assertEquals("x.k=v w", ExtensionArgument.parse("x.k=v w").toString());
    }

    @Test
    void anythingElseIsOneLine() {
        for (String bad : new String[] {"comm=sshd", "x.comm", ".comm=1", "x.=1", "x.k!=1", "x y.k=1", "x.k=a\nb"}) {
            ExtensionLoadException e = assertThrows(ExtensionLoadException.class, () -> ExtensionArgument.parse(bad), bad);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
