package org.korlang.os.macos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.framework.Logger;
import org.apache.felix.framework.util.manifestparser.ManifestParser;
import org.apache.felix.framework.util.manifestparser.NativeLibrary;
import org.apache.felix.framework.util.manifestparser.NativeLibraryClause;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/**
 * What Felix hands each arch bundle's {@code System.loadLibrary} on a Mac: the real arch jars'
 * {@code Bundle-NativeCode} headers, read with Felix's own manifest parser and clause selection,
 * under the framework properties Felix computes on a Mac ({@code os.name} "Mac OS X" and the Mac
 * JVM's {@code os.arch}, normalized by Felix's alias tables, as Felix does at start-up). On Apple
 * silicon the aarch64 bundle gets its arm64 dylib and the x86_64 bundle nothing (its optional
 * clause: it resolves and stays inactive); on an Intel Mac the reverse; on Linux the ELF
 * libraries, as before. Each selected entry must be in the same jar, be a Mach-O (or ELF) image for
 * that processor, and carry the file name the Mac JVM's {@code System.mapLibraryName} gives.
 *
 * <p>The arch jars come from the test classpath (test-scoped dependencies): run through
 * {@code package} (bin/test, {@code mvn verify}) so that they carry their manifests.
 */
class MacNativeCodeTest {

    private static final String ARCH_X86_64 = "org.korlang.arch.x86_64";
    private static final String ARCH_AARCH64 = "org.korlang.arch.aarch64";

    /** An arch bundle jar on the test classpath, by symbolic name, with its main manifest headers. */
    private record ArchJar(JarFile jar, Map<String, Object> headers) {
    }

    private static ArchJar archJar(String symbolicName) throws IOException {
        for (URL url : Collections.list(MacNativeCodeTest.class.getClassLoader().getResources(JarFile.MANIFEST_NAME))) {
            Manifest manifest;
            try (InputStream in = url.openStream()) {
                manifest = new Manifest(in);
            }
            Attributes main = manifest.getMainAttributes();
            String name = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name != null && name.split(";")[0].trim().equals(symbolicName)) {
                assertEquals("jar", url.getProtocol(), symbolicName + " must come as a jar (run through package)");
                Map<String, Object> headers = new HashMap<>();
                main.forEach((key, value) -> headers.put(key.toString(), value.toString()));
                return new ArchJar(((JarURLConnection) url.openConnection()).getJarFile(), headers);
            }
        }
        throw new AssertionError(symbolicName + " with a manifest is not on the test classpath (run through package)");
    }

    /** The framework properties Felix sets itself on a machine with these JVM facts. */
    private static Map<String, Object> framework(String jvmOsName, String jvmOsArch) {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_OS_NAME, NativeLibraryClause.normalizeOSName(jvmOsName));
        config.put(Constants.FRAMEWORK_PROCESSOR, NativeLibraryClause.normalizeProcessor(jvmOsArch));
        config.put(Constants.FRAMEWORK_OS_VERSION, "14.5.0");
        config.put(Constants.FRAMEWORK_LANGUAGE, "en");
        return config;
    }

    /** The entries Felix selects from the bundle's Bundle-NativeCode on that machine. */
    private static List<String> selected(ArchJar arch, Map<String, Object> framework) throws Exception {
        ManifestParser parser = new ManifestParser(new Logger(), framework, null, arch.headers());
        List<String> entries = new ArrayList<>();
        List<NativeLibrary> libraries = parser.getLibraries();
        if (libraries != null) {
            for (NativeLibrary library : libraries) {
                entries.add(library.getEntryName());
            }
        }
        return entries;
    }

    /** The first bytes of an entry of the jar: magic and machine / cputype. */
    private static ByteBuffer header(ArchJar arch, String entry) throws IOException {
        assertNotNull(arch.jar().getEntry(entry), entry + " in " + arch.jar().getName());
        try (InputStream in = arch.jar().getInputStream(arch.jar().getEntry(entry))) {
            return ByteBuffer.wrap(in.readNBytes(20)).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static void assertMachO(ArchJar arch, String entry, int cpuType) throws IOException {
        ByteBuffer header = header(arch, entry);
        assertEquals(0xFEEDFACF, header.getInt(0), entry + ": MH_MAGIC_64");
        assertEquals(cpuType, header.getInt(4), entry + ": cputype");
    }

    private static void assertElf(ArchJar arch, String entry, int machine) throws IOException {
        ByteBuffer header = header(arch, entry);
        assertEquals(0x464C457F, header.getInt(0), entry + ": ELF magic");
        assertEquals(machine, header.getShort(18), entry + ": e_machine");
    }

    @Test
    void onAppleSiliconTheAarch64BundleGetsItsArm64Dylib() throws Exception {
        Map<String, Object> appleSilicon = framework("Mac OS X", "aarch64");
        ArchJar aarch64 = archJar(ARCH_AARCH64);
        assertEquals(List.of("macos-aarch64/libkorlang_aarch64.dylib"), selected(aarch64, appleSilicon));
        assertMachO(aarch64, "macos-aarch64/libkorlang_aarch64.dylib", 0x0100000C);
        assertEquals(List.of(), selected(archJar(ARCH_X86_64), appleSilicon), "x86_64 resolves without a library");
    }

    @Test
    void onAnIntelMacTheX86_64BundleGetsItsDylib() throws Exception {
        for (String jvmOsArch : new String[] {"x86_64", "amd64"}) {
            Map<String, Object> intelMac = framework("Mac OS X", jvmOsArch);
            ArchJar x86 = archJar(ARCH_X86_64);
            assertEquals(List.of("macos-x86_64/libkorlang_x86_64.dylib"), selected(x86, intelMac), jvmOsArch);
            assertMachO(x86, "macos-x86_64/libkorlang_x86_64.dylib", 0x01000007);
            assertEquals(List.of(), selected(archJar(ARCH_AARCH64), intelMac), "aarch64 resolves without a library");
        }
    }

    @Test
    void theFileNamesAreWhatAMacJvmLoads() throws Exception {
        // a Mac JDK's System.mapLibraryName("x") is "libx.dylib", the name Felix matches
        // System.loadLibrary against (and ShimOs.MACOS gives)
        for (String[] cpu : new String[][] {{ARCH_X86_64, "x86_64"}, {ARCH_AARCH64, "aarch64"}}) {
            List<String> entries = selected(archJar(cpu[0]), framework("Mac OS X", cpu[1]));
            assertTrue(entries.get(0).endsWith("/libkorlang_" + cpu[1] + ".dylib"), entries.toString());
        }
    }

    @Test
    void onLinuxEachBundleStillGetsItsElfLibrary() throws Exception {
        assertEquals(List.of("linux-x86_64/libkorlang_x86_64.so"), selected(archJar(ARCH_X86_64), framework("Linux", "amd64")));
        assertElf(archJar(ARCH_X86_64), "linux-x86_64/libkorlang_x86_64.so", 62);
        assertEquals(List.of("linux-aarch64/libkorlang_aarch64.so"), selected(archJar(ARCH_AARCH64), framework("Linux", "aarch64")));
        assertElf(archJar(ARCH_AARCH64), "linux-aarch64/libkorlang_aarch64.so", 183);
        assertEquals(List.of(), selected(archJar(ARCH_AARCH64), framework("Linux", "amd64")));
    }

    @Test
    void elsewhereNoLibraryIsSelectedAndTheBundlesStillResolve() throws Exception {
        for (String arch : new String[] {ARCH_X86_64, ARCH_AARCH64}) {
            assertEquals(List.of(), selected(archJar(arch), framework("Windows 11", "amd64")), arch);
            assertEquals(List.of(), selected(archJar(arch), framework("FreeBSD", "aarch64")), arch);
        }
    }
}
