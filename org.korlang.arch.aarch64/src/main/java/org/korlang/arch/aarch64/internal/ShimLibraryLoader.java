package org.korlang.arch.aarch64.internal;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Finds and loads {@code libkorlang_aarch64.so} as a JNA {@link NativeLibrary}.
 *
 * <p>Three sources, tried in this order:
 * <ol>
 * <li><b>An explicit file</b>, the system property {@value #PATH_PROPERTY}. When it is set it is
 *     the only source: someone asked for that file, silently using another would hide a mistake.
 * <li><b>{@code System.loadLibrary("korlang_aarch64")}</b>. Inside OSGi the bundle's class loader
 *     answers from {@code Bundle-NativeCode}: Felix extracts the library from the bundle and the
 *     JVM loads it. JNA then asks the dynamic linker for {@code libkorlang_aarch64.so}, which
 *     finds the object already loaded under that name because the library is linked with
 *     {@code -soname libkorlang_aarch64.so} — one copy, the one the framework manages. On a plain
 *     JVM this also honours {@code -Djava.library.path}.
 * <li><b>The classpath resource {@value #RESOURCE}</b>, i.e. the bundle jar used as a plain jar
 *     (unit tests of other modules, the JMH benchmarks jar). JNA extracts it to
 *     {@code jna.tmpdir} (or uses it in place when it is a plain file) and loads that path.
 * </ol>
 * If every source fails, {@link #load()} throws {@link ShimUnavailableException} listing what each
 * attempt said. Loading the same library again is harmless: the dynamic linker and JNA both
 * return the object they already have, which is what lets the bundle stop and start again.
 */
final class ShimLibraryLoader {

    /** The name given to {@code System.loadLibrary} and to JNA. */
    static final String LIBRARY_NAME = "korlang_aarch64";
    /** System property naming the library file explicitly. */
    static final String PATH_PROPERTY = "korlang.arch.aarch64.library";
    /** Where the library sits in the bundle (and so on a classpath that holds the bundle). */
    static final String RESOURCE = "/linux-aarch64/libkorlang_aarch64.so";

    private final String explicitPath;
    private final boolean trySystemLibrary;
    private final ClassLoader resources;

    /**
     * @param explicitPath     a library file to load and nothing else, or null/blank for the search
     * @param trySystemLibrary whether to try {@code System.loadLibrary} (the OSGi way)
     * @param resources        where to look for {@value #RESOURCE}, or null to skip that source
     */
    ShimLibraryLoader(String explicitPath, boolean trySystemLibrary, ClassLoader resources) {
        this.explicitPath = explicitPath == null || explicitPath.isBlank() ? null : explicitPath;
        this.trySystemLibrary = trySystemLibrary;
        this.resources = resources;
    }

    /** The loader the bundle and {@link Aarch64Arch#load()} use: all three sources. */
    static ShimLibraryLoader standard() {
        return new ShimLibraryLoader(System.getProperty(PATH_PROPERTY), true,
                ShimLibraryLoader.class.getClassLoader());
    }

    NativeLibrary load() {
        if (explicitPath != null) {
            return loadFile(new File(explicitPath), PATH_PROPERTY + "=" + explicitPath);
        }
        List<String> failures = new ArrayList<>();
        if (trySystemLibrary) {
            try {
                System.loadLibrary(LIBRARY_NAME);
                return NativeLibrary.getInstance(LIBRARY_NAME);
            } catch (UnsatisfiedLinkError | SecurityException e) {
                failures.add("System.loadLibrary(\"" + LIBRARY_NAME + "\"): " + firstLine(e));
            }
        }
        if (resources != null) {
            if (resources.getResource(RESOURCE.substring(1)) == null) {
                failures.add("classpath: no resource " + RESOURCE);
            } else {
                try {
                    File file = Native.extractFromResourcePath(RESOURCE, resources);
                    return loadFile(file, "classpath resource " + RESOURCE);
                } catch (IOException e) {
                    failures.add("classpath resource " + RESOURCE + ": " + firstLine(e));
                } catch (ShimUnavailableException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        throw new ShimUnavailableException("cannot load lib" + LIBRARY_NAME + ".so: "
                + (failures.isEmpty() ? "no source configured" : String.join("; ", failures)));
    }

    private static NativeLibrary loadFile(File file, String source) {
        if (!file.isFile()) {
            throw new ShimUnavailableException(source + ": no such file " + file.getAbsolutePath());
        }
        try {
            return NativeLibrary.getInstance(file.getAbsolutePath());
        } catch (UnsatisfiedLinkError e) {
            throw new ShimUnavailableException(source + ": the dynamic linker refused it ("
                    + linkerReason(e) + "); the file is " + ElfMachine.describe(file)
                    + ", this JVM runs on " + System.getProperty("os.arch"), e);
        }
    }

    /**
     * JNA's messages run to many lines: "Unable to load library 'x':", then what dlopen said for
     * each attempt, then the resource-path search. The dlopen line is the one that explains.
     */
    private static String linkerReason(Throwable t) {
        String[] lines = String.valueOf(t.getMessage()).split("\n");
        return lines.length > 1 && lines[0].startsWith("Unable to load library") ? lines[1] : lines[0];
    }

    /** The first line of a message (JVM and JNA messages can list long search paths after it). */
    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
