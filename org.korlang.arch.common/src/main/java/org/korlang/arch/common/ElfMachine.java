package org.korlang.arch.common;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Says which processor an ELF file was built for, to explain a refused library.
 *
 * <p>glibc's dynamic linker reports a library for another processor as "cannot open shared object
 * file: No such file or directory" — true of its search, misleading to a person looking at the
 * file. The loader therefore adds what the file's own header says: bytes 0-3 are the ELF magic,
 * byte 4 the class (2 = 64-bit), byte 5 the byte order (1 = little-endian) and bytes 18-19 the
 * machine ({@code e_machine}: 62 = x86_64, 183 = aarch64).
 *
 * <p>The names below are general ELF knowledge (as in {@code <elf.h>}), not a list of ports: a
 * port for one processor must still be able to say that a file it was given is for another.
 */
public final class ElfMachine {

    /** {@code EM_X86_64}. */
    public static final int EM_X86_64 = 62;
    /** {@code EM_AARCH64}. */
    public static final int EM_AARCH64 = 183;

    private static final Map<Integer, String> NAMES = Map.of(EM_X86_64, "x86_64", EM_AARCH64, "aarch64");

    private static final int HEADER_BYTES = 20;

    private ElfMachine() {
    }

    /** The file's {@code e_machine}, or empty if it is not a readable ELF file. */
    public static OptionalInt machineOf(File file) {
        byte[] header = new byte[HEADER_BYTES];
        return readHeader(file, header) == null ? OptionalInt.of(machine(header)) : OptionalInt.empty();
    }

    /** A phrase such as "an ELF library for aarch64" or "not an ELF file". */
    static String describe(File file) {
        byte[] header = new byte[HEADER_BYTES];
        String unusable = readHeader(file, header);
        if (unusable != null) {
            return unusable;
        }
        int machine = machine(header);
        String name = NAMES.get(machine);
        if (name != null) {
            return "an ELF library for " + name;
        }
        String bits = header[4] == 2 ? "64-bit" : "32-bit";
        return "a " + bits + " ELF file for machine type " + machine;
    }

    /** Fills {@code header}; returns null if it is an ELF header, else why not. */
    private static String readHeader(File file, byte[] header) {
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            if (in.read(header) < header.length) {
                return "too short for an ELF file";
            }
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        if (header[0] != 0x7F || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return "not an ELF file";
        }
        return null;
    }

    private static int machine(byte[] header) {
        boolean littleEndian = header[5] == 1;
        return littleEndian
                ? (header[18] & 0xFF) | (header[19] & 0xFF) << 8
                : (header[19] & 0xFF) | (header[18] & 0xFF) << 8;
    }
}
