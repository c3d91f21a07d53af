package org.kexkit.kexec.sys;

/**
 * The /dev/liveupdate ioctls of Linux 7.2 (include/uapi/linux/liveupdate.h; handlers in
 * kernel/liveupdate/luo_core.c and luo_session.c). Every argument struct starts with its own size
 * (u32) and the commands are _IO(0xBA, nr): no size or direction bits in the number.
 */
public final class LiveUpdateUapi {
    /** The misc device LUO registers; one process may hold it open at a time. */
    public static final String DEVICE = "/dev/liveupdate";

    /** LIVEUPDATE_IOCTL_TYPE. */
    static final int IOCTL_TYPE = 0xBA;
    /** LIVEUPDATE_SESSION_NAME_LENGTH, including the NUL. */
    public static final int SESSION_NAME_LENGTH = 64;

    // enum { LIVEUPDATE_CMD_CREATE_SESSION = 0x00, LIVEUPDATE_CMD_RETRIEVE_SESSION = 0x01 } on /dev/liveupdate
    static final long CREATE_SESSION = io(0x00);
    static final long RETRIEVE_SESSION = io(0x01);
    // enum { ..._SESSION_PRESERVE_FD = 0x40, _RETRIEVE_FD = 0x41, _FINISH = 0x42 } on a session fd
    static final long PRESERVE_FD = io(0x40);
    static final long RETRIEVE_FD = io(0x41);
    static final long FINISH = io(0x42);

    /** struct liveupdate_ioctl_{create,retrieve}_session: u32 size; s32 fd (out); u8 name[64]. */
    static final int SESSION_ARG_SIZE = 4 + 4 + SESSION_NAME_LENGTH;
    /** struct liveupdate_session_{preserve,retrieve}_fd: u32 size; s32 fd; __aligned_u64 token. */
    static final int FD_ARG_SIZE = 4 + 4 + 8;
    /** struct liveupdate_session_finish: u32 size; u32 reserved (must be 0). */
    static final int FINISH_ARG_SIZE = 4 + 4;

    /** MFD_CLOEXEC (include/uapi/linux/memfd.h). */
    static final int MFD_CLOEXEC = 0x0001;

    private LiveUpdateUapi() {
    }

    /** _IO(type, nr) of include/uapi/asm-generic/ioctl.h: direction and size 0. */
    static long io(int nr) {
        return ((long) IOCTL_TYPE << 8) | nr;
    }
}
