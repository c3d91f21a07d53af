package org.kexkit.kexec.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LiveUpdateUapiTest {
    @Test
    void ioctlNumbersAreLinux72s() {
        // include/uapi/linux/liveupdate.h: _IO(0xBA, nr)
        assertEquals(0xBA00, LiveUpdateUapi.CREATE_SESSION);
        assertEquals(0xBA01, LiveUpdateUapi.RETRIEVE_SESSION);
        assertEquals(0xBA40, LiveUpdateUapi.PRESERVE_FD);
        assertEquals(0xBA41, LiveUpdateUapi.RETRIEVE_FD);
        assertEquals(0xBA42, LiveUpdateUapi.FINISH);
        assertEquals(72, LiveUpdateUapi.SESSION_ARG_SIZE);
        assertEquals(16, LiveUpdateUapi.FD_ARG_SIZE);
    }
}
