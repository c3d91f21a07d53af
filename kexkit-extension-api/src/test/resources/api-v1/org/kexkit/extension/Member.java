package org.kexkit.extension;

/**
 * A struct member as the kernel's BTF gives it.
 *
 * @param offset byte offset in the struct (for a bitfield, of the byte holding its first bit)
 * @param size   size in bytes (for a bitfield, 0)
 * @param bitOffset offset in bits
 * @param bitSize   bitfield width, 0 when not a bitfield
 */
public record Member(long offset, long size, long bitOffset, int bitSize) {
}
