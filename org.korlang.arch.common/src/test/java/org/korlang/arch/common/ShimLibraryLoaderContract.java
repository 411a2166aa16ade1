package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import com.sun.jna.NativeLibrary;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a port's library comes from, run by each arch module against the library it just built
 * (a subclass names its {@link ShimCpu}). Each source is exercised on its own: the explicit file
 * (surefire passes the freshly assembled one as {@code korlang.test.shim.file}), the classpath
 * resource (surefire puts {@code target/native} on the test classpath, as the bundle jar would be),
 * and the failures, which must name what was tried.
 *
 * <p>On a machine the port serves, its library loads from each source. On any other machine (the
 * aarch64 port on this project's x86_64 build machines) the same library is found through the
 * same sources and refused by this machine's dynamic linker, and the message must say so and
 * name the processor the file is for; the JVM lives on. Tests that hold on any machine run
 * everywhere.
 *
 * <p>Shared with the arch modules' tests through this module's test-jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ShimLibraryLoaderContract {

    private final ShimCpu cpu;
    private final boolean served;
    private final String shimFile = System.getProperty("korlang.test.shim.file");

    protected ShimLibraryLoaderContract(ShimCpu cpu) {
        this.cpu = cpu;
        this.served = HostPlatform.current().whyNotServedBy(cpu).isEmpty();
    }

    @BeforeAll
    void theBuildNamesTheLibraryItAssembled() {
        assertNotNull(shimFile, "surefire sets korlang.test.shim.file");
        assertTrue(new File(shimFile).isFile(), shimFile);
    }

    @Test
    public void theLibraryIsNamedAndBuiltForThisPortsProcessor() {
        assertEquals(cpu.libraryFileName(), new File(shimFile).getName());
        assertEquals(OptionalInt.of(cpu.elfMachine()), ElfMachine.machineOf(new File(shimFile)),
                "the ELF header's e_machine of " + shimFile);
    }

    @Test
    public void anExplicitFileIsLoaded() {
        assumeTrue(served, "needs Linux on " + cpu.processor());
        NativeLibrary library = new ShimLibraryLoader(cpu, shimFile, false, null).load();
        assertNotNull(library.getFunction("kr_ctx_switch"));
        assertEquals(Path.of(shimFile).toAbsolutePath().toFile(), library.getFile().getAbsoluteFile());
    }

    @Test
    public void anExplicitFileForAnotherProcessorIsRefusedAndTheMessageSaysWhatItIs() {
        assumeFalse(served, "this machine loads the library");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, shimFile, true, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().startsWith(cpu.pathProperty() + "=" + shimFile), e.getMessage());
        assertTrue(e.getMessage().contains("the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is an ELF library for " + cpu.processor()
                + ", this JVM runs on " + System.getProperty("os.arch")), e.getMessage());
    }

    @Test
    public void anExplicitFileThatIsMissingIsReportedAndNothingElseIsTried() {
        String missing = "/nonexistent/" + cpu.libraryFileName();
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, missing, true, getClass().getClassLoader()).load());
        assertEquals(cpu.pathProperty() + "=" + missing + ": no such file " + missing, e.getMessage());
    }

    @Test
    public void aFileThatIsNotALibraryIsReportedWithTheLinkersReason(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve(cpu.libraryFileName()), "plain text, plainly not an ELF shared library");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, junk.toString(), false, null).load());
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is not an ELF file"), e.getMessage());
    }

    @Test
    public void theClasspathResourceIsFoundAsInTheBundleJar() {
        assumeTrue(served, "needs Linux on " + cpu.processor());
        assertNotNull(getClass().getResource(cpu.resourcePath()), "target/native on the test classpath");
        NativeLibrary library = new ShimLibraryLoader(cpu, null, false, getClass().getClassLoader()).load();
        assertNotNull(library.getFunction("kr_cycle_counter"));
    }

    @Test
    public void theClasspathResourceIsFoundButRefusedByThisMachine() {
        assumeFalse(served, "this machine loads the library");
        assertNotNull(getClass().getResource(cpu.resourcePath()), "target/native on the test classpath");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, null, true, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().startsWith("cannot load " + cpu.libraryFileName() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("System.loadLibrary(\"" + cpu.libraryName() + "\")"), e.getMessage());
        assertTrue(e.getMessage().contains("classpath resource " + cpu.resourcePath()
                + ": the dynamic linker refused it"), e.getMessage());
    }

    @Test
    public void whenEverySourceFailsTheMessageListsThemAll() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                    () -> new ShimLibraryLoader(cpu, null, true, empty).load());
            assertTrue(e.getMessage().startsWith("cannot load " + cpu.libraryFileName() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("System.loadLibrary(\"" + cpu.libraryName() + "\")"), e.getMessage());
            assertTrue(e.getMessage().contains("no resource " + cpu.resourcePath()), e.getMessage());
        }
        ShimUnavailableException none = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, " ", false, null).load());
        assertEquals("cannot load " + cpu.libraryFileName() + ": no source configured", none.getMessage());
    }
}
