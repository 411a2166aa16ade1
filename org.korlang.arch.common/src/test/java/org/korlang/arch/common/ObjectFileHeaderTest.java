package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader says about a refused file, read from the file's own header: ELF and Mach-O
 * headers written here byte by byte (both ELF byte orders and classes, thin and universal Mach-O,
 * known and unknown machines, truncated and foreign files), and this JVM's own libc as a real ELF
 * library. The libraries the build makes are checked in each arch module
 * (ShimLibraryLoaderContract).
 */
class ObjectFileHeaderTest {

    @TempDir
    Path dir;

    /** A 20-byte ELF identification + e_type + e_machine, as the file's byte order writes it. */
    private File elf(String name, int elfClass, boolean littleEndian, int machine) throws IOException {
        byte[] header = new byte[64];
        header[0] = 0x7F;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = (byte) elfClass;
        header[5] = (byte) (littleEndian ? 1 : 2);
        header[6] = 1;
        int low = littleEndian ? 18 : 19, high = littleEndian ? 19 : 18;
        header[low] = (byte) machine;
        header[high] = (byte) (machine >>> 8);
        return Files.write(dir.resolve(name), header).toFile();
    }

    /** A thin 64-bit Mach-O header: MH_MAGIC_64 and cputype, little-endian as every Mac writes them. */
    private File macho(String name, int cpuType) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xFEEDFACF).putInt(cpuType).putInt(0).putInt(6 /* MH_DYLIB */);
        return Files.write(dir.resolve(name), header.array()).toFile();
    }

    /** A universal ("fat") header: FAT_MAGIC, the count, then 20 bytes per image, all big-endian. */
    private File fat(String name, int... cpuTypes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8 + 20 * cpuTypes.length + 16).order(ByteOrder.BIG_ENDIAN);
        header.putInt(0xCAFEBABE).putInt(cpuTypes.length);
        for (int cpuType : cpuTypes) {
            header.putInt(cpuType).putInt(0).putInt(0x4000).putInt(0x1000).putInt(14);
        }
        return Files.write(dir.resolve(name), header.array()).toFile();
    }

    @Test
    void theTwoPortsProcessorsAreNamed() throws IOException {
        assertEquals("an ELF library for x86_64", ObjectFileHeader.describe(elf("x", 2, true, ObjectFileHeader.EM_X86_64)));
        assertEquals("an ELF library for aarch64", ObjectFileHeader.describe(elf("a", 2, true, ObjectFileHeader.EM_AARCH64)));
        assertEquals(OptionalInt.of(183), ObjectFileHeader.elfMachineOf(elf("a2", 2, true, 183)));
    }

    @Test
    void macOsLibrariesAreNamedByTheirCpuTypeThinOrUniversal() throws IOException {
        File x86 = macho("x.dylib", ObjectFileHeader.CPU_TYPE_X86_64);
        assertEquals("a Mach-O library for x86_64", ObjectFileHeader.describe(x86));
        assertEquals("a Mach-O library for arm64", ObjectFileHeader.describe(macho("a.dylib", ObjectFileHeader.CPU_TYPE_ARM64)));
        assertEquals("a Mach-O library for CPU type 0x1000012", ObjectFileHeader.describe(macho("p.dylib", 0x01000012)));
        assertEquals(OptionalInt.of(ObjectFileHeader.CPU_TYPE_X86_64), ObjectFileHeader.machoCpuTypeOf(x86));
        assertEquals(OptionalInt.empty(), ObjectFileHeader.elfMachineOf(x86));
        assertEquals("a universal Mach-O library for x86_64 and arm64", ObjectFileHeader.describe(
                fat("u.dylib", ObjectFileHeader.CPU_TYPE_X86_64, ObjectFileHeader.CPU_TYPE_ARM64)));
        assertEquals(OptionalInt.empty(), ObjectFileHeader.machoCpuTypeOf(fat("u2.dylib", ObjectFileHeader.CPU_TYPE_ARM64)),
                "machoCpuTypeOf answers for thin images only");
        assertEquals(OptionalInt.empty(), ObjectFileHeader.machoCpuTypeOf(elf("e", 2, true, 62)));
    }

    @Test
    void aJavaClassFileIsNotMistakenForAUniversalLibrary() throws IOException {
        // 0xCAFEBABE, then minor 0 and major 61: read as a "fat" count that is far too large
        byte[] classFile = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 20, 7, 0, 2, 1,
            0, 16, 106, 97, 118, 97, 47, 108, 97, 110, 103};
        assertEquals("not an ELF or Mach-O file", ObjectFileHeader.describe(Files.write(dir.resolve("C.class"), classFile).toFile()));
    }

    @Test
    void otherMachinesAreGivenByNumberAndClassInEitherByteOrder() throws IOException {
        assertEquals("a 64-bit ELF file for machine type 243", ObjectFileHeader.describe(elf("rv", 2, true, 243)));
        assertEquals("a 32-bit ELF file for machine type 20", ObjectFileHeader.describe(elf("ppc", 1, false, 20)));
        assertEquals(OptionalInt.of(0x1234), ObjectFileHeader.elfMachineOf(elf("be", 2, false, 0x1234)));
        assertEquals(OptionalInt.of(0x1234), ObjectFileHeader.elfMachineOf(elf("le", 2, true, 0x1234)));
    }

    @Test
    void filesThatAreNeitherAreSaidToBeSo() throws IOException {
        Path text = Files.writeString(dir.resolve("text"), "plain text, plainly not an ELF shared library");
        assertEquals("not an ELF or Mach-O file", ObjectFileHeader.describe(text.toFile()));
        assertEquals(OptionalInt.empty(), ObjectFileHeader.elfMachineOf(text.toFile()));
        Path shortFile = Files.write(dir.resolve("short"), new byte[] {0x7F, 'E', 'L', 'F', 2});
        assertEquals("too short for an ELF or Mach-O file", ObjectFileHeader.describe(shortFile.toFile()));
        String missing = ObjectFileHeader.describe(dir.resolve("missing").toFile());
        assertTrue(missing.startsWith("unreadable: "), missing);
        assertEquals(OptionalInt.empty(), ObjectFileHeader.elfMachineOf(dir.toFile()));
    }

    @Test
    void thisJvmsLibcIsAnElfLibraryForThisMachine() {
        File libc = LibcFile.find().orElse(null);
        String arch = System.getProperty("os.arch");
        int expected = arch.equals("amd64") || arch.equals("x86_64") ? ObjectFileHeader.EM_X86_64
                : arch.equals("aarch64") ? ObjectFileHeader.EM_AARCH64 : -1;
        assumeTrue(expected > 0 && libc != null, "Linux with glibc on x86_64 or aarch64");
        assertEquals(OptionalInt.of(expected), ObjectFileHeader.elfMachineOf(libc), libc.toString());
    }
}
