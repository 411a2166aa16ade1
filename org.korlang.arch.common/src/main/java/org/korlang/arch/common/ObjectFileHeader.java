package org.korlang.arch.common;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Says what a library file is, from its first bytes, to explain a refused library and to check a
 * built one: an ELF object and the machine it is for, or a Mach-O image and its CPU.
 *
 * <p>Dynamic linkers explain a library for another processor or system badly: glibc says "cannot
 * open shared object file: No such file or directory" (true of its search, misleading to a person
 * looking at the file), dyld says "incompatible architecture" or "not a mach-o file". The loader
 * therefore adds what the file's own header says.
 *
 * <p>ELF ({@code <elf.h>}): bytes 0-3 {@code 7F 'E' 'L' 'F'}, byte 4 the class (2 = 64-bit), byte 5
 * the byte order (1 = little-endian), bytes 18-19 {@code e_machine} (62 = x86_64, 183 = aarch64).
 * Mach-O ({@code <mach-o/loader.h>}, {@code <mach-o/fat.h>}): a thin 64-bit image starts with
 * {@code MH_MAGIC_64} 0xFEEDFACF in the file's (little-endian) byte order, then {@code cputype}
 * (0x01000007 = x86_64, 0x0100000C = arm64); a universal ("fat") file starts with {@code FAT_MAGIC}
 * 0xCAFEBABE, big-endian, then the number of images and, per image, its {@code cputype} first.
 *
 * <p>The names below are general knowledge of the formats, not a list of ports: a port for one
 * processor must still be able to say that a file it was given is for another.
 */
public final class ObjectFileHeader {

    /** {@code EM_X86_64}. */
    public static final int EM_X86_64 = 62;
    /** {@code EM_AARCH64}. */
    public static final int EM_AARCH64 = 183;
    /** {@code CPU_TYPE_X86_64} ({@code CPU_TYPE_X86 | CPU_ARCH_ABI64}). */
    public static final int CPU_TYPE_X86_64 = 0x01000007;
    /** {@code CPU_TYPE_ARM64} ({@code CPU_TYPE_ARM | CPU_ARCH_ABI64}). */
    public static final int CPU_TYPE_ARM64 = 0x0100000C;

    private static final Map<Integer, String> ELF_NAMES = Map.of(EM_X86_64, "x86_64", EM_AARCH64, "aarch64");
    private static final Map<Integer, String> MACHO_NAMES = Map.of(CPU_TYPE_X86_64, "x86_64", CPU_TYPE_ARM64, "arm64");

    private static final int MH_MAGIC_64 = 0xFEEDFACF;
    private static final int FAT_MAGIC = 0xCAFEBABE;
    /** More images than this in a "fat" header means it is something else (a Java class file). */
    private static final int MAX_FAT_IMAGES = 16;
    private static final int FAT_ARCH_BYTES = 20;
    private static final int HEADER_BYTES = 8 + MAX_FAT_IMAGES * FAT_ARCH_BYTES;

    private ObjectFileHeader() {
    }

    /** The file's ELF {@code e_machine}, or empty if it is not a readable ELF file. */
    public static OptionalInt elfMachineOf(File file) {
        byte[] header = new byte[HEADER_BYTES];
        int length = readOrNothing(file, header);
        return isElf(header, length) ? OptionalInt.of(elfMachine(header)) : OptionalInt.empty();
    }

    /** The {@code cputype} of a thin 64-bit Mach-O file, or empty if the file is not one. */
    public static OptionalInt machoCpuTypeOf(File file) {
        byte[] header = new byte[HEADER_BYTES];
        int length = readOrNothing(file, header);
        return length >= 8 && littleEndianInt(header, 0) == MH_MAGIC_64
                ? OptionalInt.of(littleEndianInt(header, 4)) : OptionalInt.empty();
    }

    /**
     * A phrase such as "an ELF library for aarch64", "a Mach-O library for arm64", "a universal
     * Mach-O library for x86_64 and arm64", or "not an ELF or Mach-O file".
     */
    static String describe(File file) {
        byte[] header = new byte[HEADER_BYTES];
        int length;
        try {
            length = read(file, header);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        if (isElf(header, length)) {
            int machine = elfMachine(header);
            String name = ELF_NAMES.get(machine);
            return name != null ? "an ELF library for " + name
                    : "a " + (header[4] == 2 ? "64-bit" : "32-bit") + " ELF file for machine type " + machine;
        }
        if (length >= 8 && littleEndianInt(header, 0) == MH_MAGIC_64) {
            return "a Mach-O library for " + machoName(littleEndianInt(header, 4));
        }
        if (length >= 8 && bigEndianInt(header, 0) == FAT_MAGIC) {
            int images = bigEndianInt(header, 4);
            if (images > 0 && images <= MAX_FAT_IMAGES && length >= 8 + images * FAT_ARCH_BYTES) {
                List<String> cpus = new ArrayList<>();
                for (int i = 0; i < images; i++) {
                    cpus.add(machoName(bigEndianInt(header, 8 + i * FAT_ARCH_BYTES)));
                }
                return "a universal Mach-O library for " + String.join(" and ", cpus);
            }
        }
        return length < 20 ? "too short for an ELF or Mach-O file" : "not an ELF or Mach-O file";
    }

    private static String machoName(int cpuType) {
        String name = MACHO_NAMES.get(cpuType);
        return name != null ? name : "CPU type 0x" + Integer.toHexString(cpuType);
    }

    /** Fills as much of {@code header} as the file has; returns the count read. */
    private static int read(File file, byte[] header) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            int total = 0;
            while (total < header.length) {
                int n = in.read(header, total, header.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }
    }

    private static int readOrNothing(File file, byte[] header) {
        try {
            return read(file, header);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isElf(byte[] header, int length) {
        return length >= 20 && header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
    }

    private static int elfMachine(byte[] header) {
        boolean littleEndian = header[5] == 1;
        return littleEndian
                ? (header[18] & 0xFF) | (header[19] & 0xFF) << 8
                : (header[19] & 0xFF) | (header[18] & 0xFF) << 8;
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
