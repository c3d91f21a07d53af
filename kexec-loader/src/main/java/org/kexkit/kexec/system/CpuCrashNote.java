package org.kexkit.kexec.system;

import org.kexkit.elfcore.NoteLocation;

/** A CPU's crash_notes buffer (/sys/devices/system/cpu/cpuN/crash_notes and crash_notes_size). */
public record CpuCrashNote(int cpu, NoteLocation note) {
}
