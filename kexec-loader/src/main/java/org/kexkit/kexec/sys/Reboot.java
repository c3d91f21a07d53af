package org.kexkit.kexec.sys;

/**
 * Starts the loaded kexec image: sync(), then
 * reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, NULL).
 * Behind an interface so that tests never reboot the machine.
 */
public interface Reboot {
    /**
     * Does not return on success.
     *
     * @return the errno when the kernel refused
     */
    int kexec();
}
