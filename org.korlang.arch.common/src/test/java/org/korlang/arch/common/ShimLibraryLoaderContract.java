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
import java.util.Optional;
import java.util.OptionalInt;

import com.sun.jna.NativeLibrary;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a port's library comes from, run by each arch module against the libraries it just built
 * (a subclass names its {@link ShimCpu}). Each source is exercised on its own: the explicit file
 * (surefire passes the freshly assembled Linux library as {@code korlang.test.shim.file}), the
 * classpath resource (surefire puts {@code target/native} on the test classpath, laid out as in
 * the bundle jar: {@code linux-<cpu>/} and {@code macos-<cpu>/}), and the failures, which must name
 * what was tried.
 *
 * <p>On Linux on the port's processor the ELF library loads from each source. On any other
 * machine (the aarch64 port on this project's x86_64 build machines) the same library is found
 * through the same sources and refused by this machine's dynamic linker, and the message must say
 * so and name the processor the file is for; the JVM lives on. With a Mac's facts substituted the
 * loader must go for the Mach-O dylib in the bundle — which this Linux linker refuses, saying what
 * the file is. Tests that hold on any machine run everywhere.
 *
 * <p>Shared with the arch modules' tests through this module's test-jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ShimLibraryLoaderContract {

    private static final ShimOs LINUX = ShimOs.LINUX;

    private final ShimCpu cpu;
    /** Whether this machine loads the Linux library: Linux on the port's processor. */
    private final boolean served;
    private final boolean onMac;
    private final String shimFile = System.getProperty("korlang.test.shim.file");
    private final String shimDir = System.getProperty("korlang.test.shim.dir");

    protected ShimLibraryLoaderContract(ShimCpu cpu) {
        this.cpu = cpu;
        HostPlatform host = HostPlatform.current();
        this.served = host.whyNotServedBy(cpu).isEmpty() && host.os().equals(Optional.of(LINUX));
        this.onMac = host.os().equals(Optional.of(ShimOs.MACOS));
    }

    private File dylib() {
        return new File(shimDir, cpu.resourcePath(ShimOs.MACOS).substring(1));
    }

    @BeforeAll
    void theBuildNamesTheLibrariesItAssembled() {
        assertNotNull(shimFile, "surefire sets korlang.test.shim.file");
        assertTrue(new File(shimFile).isFile(), shimFile);
        assertNotNull(shimDir, "surefire sets korlang.test.shim.dir");
    }

    @Test
    public void theLibraryIsNamedAndBuiltForThisPortsProcessor() {
        assertEquals(cpu.libraryFileName(LINUX), new File(shimFile).getName());
        assertEquals(OptionalInt.of(cpu.elfMachine()), ObjectFileHeader.elfMachineOf(new File(shimFile)),
                "the ELF header's e_machine of " + shimFile);
    }

    @Test
    public void theMacOsLibraryIsNamedAndBuiltForThisPortsProcessor() {
        File dylib = dylib();
        assertTrue(dylib.isFile(), dylib + " (the build's macho step)");
        assertEquals(cpu.libraryFileName(ShimOs.MACOS), dylib.getName());
        assertEquals(OptionalInt.of(cpu.machoCpuType()), ObjectFileHeader.machoCpuTypeOf(dylib),
                "the Mach-O header's cputype of " + dylib);
    }

    @Test
    public void theBundleLayoutHoldsOneLibraryPerSystem() {
        for (ShimOs os : ShimOs.values()) {
            assertNotNull(getClass().getResource(cpu.resourcePath(os)), cpu.resourcePath(os) + " on the test classpath");
        }
    }

    @Test
    public void withAMacsFactsTheLoaderGoesForTheDylibInTheBundle() {
        assumeFalse(onMac, "on a Mac the dylib loads (the Mac self-test, bin/selftest)");
        // what the arch bundle's loader does on a Mac, here: it finds the Mach-O library in the
        // bundle, and this Linux dynamic linker refuses it for what it is
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, ShimOs.MACOS, null, false, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().startsWith("cannot load " + cpu.libraryFileName(ShimOs.MACOS) + ": classpath resource "
                + cpu.resourcePath(ShimOs.MACOS) + ": the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is " + ObjectFileHeader.describe(dylib())), e.getMessage());
        assertTrue(e.getMessage().contains("the file is a Mach-O library for "), e.getMessage());
    }

    @Test
    public void anExplicitFileIsLoaded() {
        assumeTrue(served, "needs Linux on " + cpu.processor());
        NativeLibrary library = new ShimLibraryLoader(cpu, LINUX, shimFile, false, null).load();
        assertNotNull(library.getFunction("kr_ctx_switch"));
        assertEquals(Path.of(shimFile).toAbsolutePath().toFile(), library.getFile().getAbsoluteFile());
    }

    @Test
    public void anExplicitFileForAnotherProcessorIsRefusedAndTheMessageSaysWhatItIs() {
        assumeFalse(served, "this machine loads the library");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, LINUX, shimFile, true, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().startsWith(cpu.pathProperty() + "=" + shimFile), e.getMessage());
        assertTrue(e.getMessage().contains("the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is an ELF library for " + cpu.processor()
                + ", this JVM runs on " + System.getProperty("os.arch")), e.getMessage());
    }

    @Test
    public void anExplicitFileThatIsMissingIsReportedAndNothingElseIsTried() {
        String missing = "/nonexistent/" + cpu.libraryFileName(LINUX);
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, LINUX, missing, true, getClass().getClassLoader()).load());
        assertEquals(cpu.pathProperty() + "=" + missing + ": no such file " + missing, e.getMessage());
    }

    @Test
    public void aFileThatIsNotALibraryIsReportedWithTheLinkersReason(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve(cpu.libraryFileName(LINUX)), "plain text, plainly not an ELF shared library");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, LINUX, junk.toString(), false, null).load());
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is not an ELF or Mach-O file"), e.getMessage());
    }

    @Test
    public void theClasspathResourceIsFoundAsInTheBundleJar() {
        assumeTrue(served, "needs Linux on " + cpu.processor());
        assertNotNull(getClass().getResource(cpu.resourcePath(LINUX)), "target/native on the test classpath");
        NativeLibrary library = new ShimLibraryLoader(cpu, LINUX, null, false, getClass().getClassLoader()).load();
        assertNotNull(library.getFunction("kr_cycle_counter"));
    }

    @Test
    public void theClasspathResourceIsFoundButRefusedByThisMachine() {
        assumeFalse(served, "this machine loads the library");
        assertNotNull(getClass().getResource(cpu.resourcePath(LINUX)), "target/native on the test classpath");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, LINUX, null, true, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().startsWith("cannot load " + cpu.libraryFileName(LINUX) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("System.loadLibrary(\"" + cpu.libraryName() + "\")"), e.getMessage());
        assertTrue(e.getMessage().contains("classpath resource " + cpu.resourcePath(LINUX)
                + ": the dynamic linker refused it"), e.getMessage());
    }

    @Test
    public void whenEverySourceFailsTheMessageListsThemAll() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                    () -> new ShimLibraryLoader(cpu, LINUX, null, true, empty).load());
            assertTrue(e.getMessage().startsWith("cannot load " + cpu.libraryFileName(LINUX) + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("System.loadLibrary(\"" + cpu.libraryName() + "\")"), e.getMessage());
            assertTrue(e.getMessage().contains("no resource " + cpu.resourcePath(LINUX)), e.getMessage());
        }
        ShimUnavailableException none = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(cpu, LINUX, " ", false, null).load());
        assertEquals("cannot load " + cpu.libraryFileName(LINUX) + ": no source configured", none.getMessage());
    }
}
