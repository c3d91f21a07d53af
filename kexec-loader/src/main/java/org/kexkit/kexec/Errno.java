package org.kexkit.kexec;

/**
 * The errno values kexec and file opening return, with the names and
 * strerror texts of Linux (include/uapi/asm-generic/errno-base.h, errno.h).
 */
public record Errno(int number, String name, String text) {
    private static final Errno[] KNOWN = {
        new Errno(1, "EPERM", "Operation not permitted"),
        new Errno(2, "ENOENT", "No such file or directory"),
        new Errno(4, "EINTR", "Interrupted system call"),
        new Errno(5, "EIO", "Input/output error"),
        new Errno(7, "E2BIG", "Argument list too long"),
        new Errno(8, "ENOEXEC", "Exec format error"),
        new Errno(9, "EBADF", "Bad file descriptor"),
        new Errno(11, "EAGAIN", "Resource temporarily unavailable"),
        new Errno(12, "ENOMEM", "Cannot allocate memory"),
        new Errno(13, "EACCES", "Permission denied"),
        new Errno(14, "EFAULT", "Bad address"),
        new Errno(16, "EBUSY", "Device or resource busy"),
        new Errno(17, "EEXIST", "File exists"),
        new Errno(19, "ENODEV", "No such device"),
        new Errno(21, "EISDIR", "Is a directory"),
        new Errno(22, "EINVAL", "Invalid argument"),
        new Errno(25, "ENOTTY", "Inappropriate ioctl for device"),
        new Errno(27, "EFBIG", "File too large"),
        new Errno(28, "ENOSPC", "No space left on device"),
        new Errno(38, "ENOSYS", "Function not implemented"),
        new Errno(61, "ENODATA", "No data available"),
        new Errno(65, "ENOPKG", "Package not installed"),
        new Errno(74, "EBADMSG", "Bad message"),
        new Errno(75, "EOVERFLOW", "Value too large for defined data type"),
        new Errno(80, "ELIBBAD", "Accessing a corrupted shared library"),
        new Errno(95, "EOPNOTSUPP", "Operation not supported"),
        new Errno(99, "EADDRNOTAVAIL", "Cannot assign requested address"),
        new Errno(126, "ENOKEY", "Required key not available"),
        new Errno(127, "EKEYEXPIRED", "Key has expired"),
        new Errno(128, "EKEYREVOKED", "Key has been revoked"),
        new Errno(129, "EKEYREJECTED", "Key was rejected by service"),
    };

    public static final int EPERM = 1;
    public static final int ENOEXEC = 8;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;
    public static final int ENOPKG = 65;
    public static final int EBADMSG = 74;
    public static final int ELIBBAD = 80;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOKEY = 126;
    public static final int EKEYEXPIRED = 127;
    public static final int EKEYREVOKED = 128;
    public static final int EKEYREJECTED = 129;

    public static Errno of(int number) {
        for (Errno errno : KNOWN) {
            if (errno.number == number) {
                return errno;
            }
        }
        return new Errno(number, "errno " + number, "Unknown error " + number);
    }

    /** strerror-like text with the name, e.g. {@code Invalid argument (EINVAL)}. */
    public String describe() {
        return text + " (" + name + ")";
    }
}
