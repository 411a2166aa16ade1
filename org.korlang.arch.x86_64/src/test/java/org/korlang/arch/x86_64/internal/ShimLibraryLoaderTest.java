package org.korlang.arch.x86_64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.NativeLibrary;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the library comes from. Each source is exercised on its own: the explicit file
 * (surefire passes the freshly assembled one as korlang.test.shim.file), the classpath resource
 * (surefire puts target/native on the test classpath, as the bundle jar would be), and the
 * failures, which must name what was tried.
 */
class ShimLibraryLoaderTest {

    private static final String SHIM_FILE = System.getProperty("korlang.test.shim.file");

    @BeforeAll
    static void onlyWhereTheShimRuns() {
        assumeTrue(HostPlatform.current().whyNotServed().isEmpty(), "needs Linux on x86_64");
        assertNotNull(SHIM_FILE, "surefire sets korlang.test.shim.file");
    }

    @Test
    void anExplicitFileIsLoaded() {
        NativeLibrary library = new ShimLibraryLoader(SHIM_FILE, false, null).load();
        assertNotNull(library.getFunction("kr_ctx_switch"));
        assertEquals(Path.of(SHIM_FILE).toAbsolutePath().toFile(), library.getFile().getAbsoluteFile());
    }

    @Test
    void anExplicitFileThatIsMissingIsReportedAndNothingElseIsTried() {
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader("/nonexistent/libkorlang_x86_64.so", true,
                        getClass().getClassLoader()).load());
        assertTrue(e.getMessage().contains(ShimLibraryLoader.PATH_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/libkorlang_x86_64.so"), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryIsReportedWithTheLinkersReason(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("libkorlang_x86_64.so"), "plain text, plainly not an ELF shared library");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(junk.toString(), false, null).load());
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the file is not an ELF file"), e.getMessage());
    }

    @Test
    void theClasspathResourceIsFoundAsInTheBundleJar() {
        assertNotNull(getClass().getResource(ShimLibraryLoader.RESOURCE), "target/native on the test classpath");
        NativeLibrary library = new ShimLibraryLoader(null, false, getClass().getClassLoader()).load();
        assertNotNull(library.getFunction("kr_cycle_counter"));
    }

    @Test
    void whenEverySourceFailsTheMessageListsThemAll() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                    () -> new ShimLibraryLoader(null, true, empty).load());
            assertTrue(e.getMessage().contains("System.loadLibrary(\"korlang_x86_64\")"), e.getMessage());
            assertTrue(e.getMessage().contains("no resource " + ShimLibraryLoader.RESOURCE), e.getMessage());
        }
    }
}
