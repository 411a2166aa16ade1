package org.korlang.arch.aarch64.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Says which processor an ELF file was built for, to explain a refused library.
 *
 * <p>glibc's dynamic linker reports a library for another processor as "cannot open shared object
 * file: No such file or directory" — true of its search, misleading to a person looking at the
 * file. The loader therefore adds what the file's own header says: bytes 0-3 are the ELF magic,
 * byte 4 the class (2 = 64-bit), byte 5 the byte order (1 = little-endian) and bytes 18-19 the
 * machine (62 = x86_64, 183 = aarch64).
 */
final class ElfMachine {

    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    private ElfMachine() {
    }

    /** A phrase such as "an ELF library for aarch64" or "not an ELF file". */
    static String describe(File file) {
        byte[] header = new byte[20];
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
        boolean littleEndian = header[5] == 1;
        int machine = littleEndian
                ? (header[18] & 0xFF) | (header[19] & 0xFF) << 8
                : (header[19] & 0xFF) | (header[18] & 0xFF) << 8;
        String bits = header[4] == 2 ? "64-bit" : "32-bit";
        switch (machine) {
            case EM_X86_64:
                return "an ELF library for x86_64";
            case EM_AARCH64:
                return "an ELF library for aarch64";
            default:
                return "a " + bits + " ELF file for machine type " + machine;
        }
    }
}
