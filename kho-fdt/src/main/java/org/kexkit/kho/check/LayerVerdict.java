package org.kexkit.kho.check;

/**
 * The verdict on the root or one subtree, with the one line that explains it.
 *
 * @param name "root" or the subtree's name
 * @param versions what the running kernel hands over for it ("kho-v4", "memblock-v1, reserve-mem-v1")
 */
public record LayerVerdict(String name, String versions, Verdict verdict, String reason) {
    /** "memblock (memblock-v1, reserve-mem-v1): refuse: ..." */
    public String line() {
        return name + (versions.isEmpty() ? "" : " (" + versions + ")") + ": " + verdict.word()
                + (reason.isEmpty() ? "" : ": " + reason);
    }
}
