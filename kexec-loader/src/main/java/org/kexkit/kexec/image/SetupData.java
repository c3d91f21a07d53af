package org.kexkit.kexec.image;

import java.util.Arrays;

/**
 * One node of the boot_params setup_data chain
 * (struct setup_data {u64 next; u32 type; u32 len; u8 data[len]}, bootparam.h).
 * The next pointer is physical and only known once the chain is placed, so
 * nodes are plain payloads here and {@link SetupDataChain} links them.
 */
public record SetupData(int type, byte[] data) {
    /** setup_data types, bootparam.h. */
    public static final int SETUP_E820_EXT = 1;
    public static final int SETUP_DTB = 2;
    public static final int SETUP_PCI = 3;
    public static final int SETUP_EFI = 4;
    /** SETUP_RNG_SEED (bootparam.h since 5.20). */
    public static final int SETUP_RNG_SEED = 9;
    /** SETUP_KEXEC_KHO (arch/x86/include/uapi/asm/setup_data.h): struct kho_data, Kexec HandOver. */
    public static final int SETUP_KEXEC_KHO = 10;

    /** Size of struct setup_data's header (next, type, len). */
    public static final int HEADER_BYTES = 16;

    public SetupData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SetupData that && type == that.type && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SetupData[type=" + type + ", len=" + data.length + "]";
    }
}
