package org.kexkit.pmem;

/**
 * The four kinds of pmem range a dump has to decide about, as the pmem memmap dump RFCs (Li Zhijian,
 * 2023) lettered them: the user data and the memmap (metadata, the struct page array) of a
 * namespace whose memmap is in RAM ({@code --map=mem}) or on the device ({@code --map=dev}).
 * User data is never dumped (it is large, and it is the users' data, not the kernel's); the memmap is
 * what a filesystem-DAX analysis needs.
 */
public enum DumpCase {
    /** User data of a namespace whose memmap is in RAM: never dumped. */
    A("user data, memmap in RAM"),
    /** User data of a namespace whose memmap is on the device: never dumped. */
    B("user data, memmap on the device"),
    /** The memmap in RAM: ordinary kernel memory, in every dump at every level. */
    C("memmap in RAM"),
    /** The memmap on the device: dumped unless dump level bit 0x20 drops it. */
    D("memmap on the device");

    private final String text;

    DumpCase(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
