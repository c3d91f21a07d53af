package org.kexkit.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CaptureLoadTest {
    @Test
    void theRunningLineWithoutCrashkernelAndTheDefaultsAppended() {
        CaptureLoad load = CaptureLoad.of(KdumpConfig.defaults(), "6.1.0-42-amd64",
                "BOOT_IMAGE=/boot/vmlinuz root=UUID=1 ro quiet crashkernel=256M\n");
        assertEquals("root=UUID=1 ro irqpoll nr_cpus=1 reset_devices", load.cmdline());
    }

    @Test
    void withoutRootTheInitramfsGoesToARamfsNotAHalfSizedTmpfs() {
        assertEquals("console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices rootfstype=ramfs",
                CaptureLoad.of(KdumpConfig.defaults(), "r", "console=ttyS0 crashkernel=192M panic=-1").cmdline());
        assertEquals("console=ttyS0 rootfstype=tmpfs irqpoll nr_cpus=1 reset_devices",
                CaptureLoad.of(KdumpConfig.defaults(), "r", "console=ttyS0 rootfstype=tmpfs").cmdline());
    }
}
