package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader says about a refused file, read from the file's own header: headers written
 * here byte by byte (both byte orders, both classes, known and unknown machines, truncated and
 * foreign files), and this JVM's own libc as a real ELF library.
 */
class ElfMachineTest {

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

    @Test
    void theTwoPortsProcessorsAreNamed() throws IOException {
        assertEquals("an ELF library for x86_64", ElfMachine.describe(elf("x", 2, true, ElfMachine.EM_X86_64)));
        assertEquals("an ELF library for aarch64", ElfMachine.describe(elf("a", 2, true, ElfMachine.EM_AARCH64)));
        assertEquals(OptionalInt.of(183), ElfMachine.machineOf(elf("a2", 2, true, 183)));
    }

    @Test
    void otherMachinesAreGivenByNumberAndClassInEitherByteOrder() throws IOException {
        assertEquals("a 64-bit ELF file for machine type 243", ElfMachine.describe(elf("rv", 2, true, 243)));
        assertEquals("a 32-bit ELF file for machine type 20", ElfMachine.describe(elf("ppc", 1, false, 20)));
        assertEquals(OptionalInt.of(0x1234), ElfMachine.machineOf(elf("be", 2, false, 0x1234)));
        assertEquals(OptionalInt.of(0x1234), ElfMachine.machineOf(elf("le", 2, true, 0x1234)));
    }

    @Test
    void filesThatAreNotElfAreSaidToBeSo() throws IOException {
        Path text = Files.writeString(dir.resolve("text"), "plain text, plainly not an ELF shared library");
        assertEquals("not an ELF file", ElfMachine.describe(text.toFile()));
        assertEquals(OptionalInt.empty(), ElfMachine.machineOf(text.toFile()));
        Path shortFile = Files.write(dir.resolve("short"), new byte[] {0x7F, 'E', 'L', 'F', 2});
        assertEquals("too short for an ELF file", ElfMachine.describe(shortFile.toFile()));
        String missing = ElfMachine.describe(dir.resolve("missing").toFile());
        assertTrue(missing.startsWith("unreadable: "), missing);
        assertEquals(OptionalInt.empty(), ElfMachine.machineOf(dir.toFile()));
    }

    @Test
    void thisJvmsLibcIsAnElfLibraryForThisMachine() {
        File libc = LibcFile.find().orElse(null);
        String arch = System.getProperty("os.arch");
        int expected = arch.equals("amd64") || arch.equals("x86_64") ? ElfMachine.EM_X86_64
                : arch.equals("aarch64") ? ElfMachine.EM_AARCH64 : -1;
        assumeTrue(expected > 0 && libc != null, "Linux with glibc on x86_64 or aarch64");
        assertEquals(OptionalInt.of(expected), ElfMachine.machineOf(libc), libc.toString());
    }
}
