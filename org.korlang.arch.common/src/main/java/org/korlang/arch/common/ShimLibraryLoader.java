package org.korlang.arch.common;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Finds and loads one port's shim library for one operating system ({@code libkorlang_<processor>.so}
 * on Linux, {@code libkorlang_<processor>.dylib} on macOS, see {@link ShimOs}) as a JNA
 * {@link NativeLibrary}.
 *
 * <p>Three sources, tried in this order:
 * <ol>
 * <li><b>An explicit file</b>, the system property {@link ShimCpu#pathProperty()}
 *     ({@code korlang.arch.<processor>.library}). When it is set it is the only source: someone
 *     asked for that file, silently using another would hide a mistake.
 * <li><b>{@code System.loadLibrary("korlang_<processor>")}</b>, then JNA by that name. Inside OSGi
 *     the calling class's loader answers from {@code Bundle-NativeCode}: this class is inlined
 *     into the arch bundle, so that is the bundle's loader; the framework picks the clause for
 *     this system and processor, extracts that library and the JVM loads it. On Linux JNA then
 *     asks the dynamic linker for {@code libkorlang_<processor>.so}, which finds the object already
 *     loaded under that name because the library is linked with that {@code -soname} — one copy,
 *     the one the framework manages. macOS's dyld does not promise to match a bare file name
 *     against loaded images (the dylib's install name is {@code @rpath/libkorlang_<processor>.dylib});
 *     where JNA cannot find it by name, the next source loads the same bytes from the bundle. On a
 *     plain JVM this source also honours {@code -Djava.library.path}.
 * <li><b>The classpath resource {@link ShimCpu#resourcePath(ShimOs)}</b>, i.e. the bundle's own
 *     copy (inside OSGi through the bundle's class loader; on a plain classpath the bundle jar, as
 *     in unit tests of other modules and the JMH benchmarks jar). JNA extracts it to
 *     {@code jna.tmpdir} (or uses it in place when it is a plain file) and loads that path; an
 *     extracted copy is deleted as soon as it is loaded (the mapping stays), so that no file is
 *     left behind by a process that ends without the JVM's exit path (the launcher ends through
 *     the Os port's exit_group, which runs no deleteOnExit hook).
 * </ol>
 * If every source fails, {@link #load()} throws {@link ShimUnavailableException} listing what each
 * attempt said; a refused file is described by its header ({@link ObjectFileHeader}: "a Mach-O
 * library for arm64"). Loading the same library again is harmless: the dynamic linker and JNA
 * both return the object they already have, which is what lets the bundle stop and start again.
 */
public final class ShimLibraryLoader {

    private final ShimCpu cpu;
    private final ShimOs os;
    private final String explicitPath;
    private final boolean trySystemLibrary;
    private final ClassLoader resources;

    /**
     * @param cpu              whose library to load
     * @param os               for which operating system (the file name and resource follow)
     * @param explicitPath     a library file to load and nothing else, or null/blank for the search
     * @param trySystemLibrary whether to try {@code System.loadLibrary} (the OSGi way)
     * @param resources        where to look for the resource, or null to skip that source
     */
    public ShimLibraryLoader(ShimCpu cpu, ShimOs os, String explicitPath, boolean trySystemLibrary, ClassLoader resources) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.os = Objects.requireNonNull(os, "os");
        this.explicitPath = explicitPath == null || explicitPath.isBlank() ? null : explicitPath;
        this.trySystemLibrary = trySystemLibrary;
        this.resources = resources;
    }

    /**
     * The loader a port's {@code load()} uses: for {@code host}'s system, all three sources, the
     * explicit file from the system property, resources from {@code bundleLoader} (the arch
     * bundle's own class loader). On a system no port ships a library for it looks for the Linux
     * one; {@link ShimArch#bind} refuses such a host before anything is loaded.
     */
    public static ShimLibraryLoader standard(ShimCpu cpu, HostPlatform host, ClassLoader bundleLoader) {
        return new ShimLibraryLoader(cpu, host.os().orElse(ShimOs.LINUX), System.getProperty(cpu.pathProperty()),
                true, bundleLoader);
    }

    public NativeLibrary load() {
        if (explicitPath != null) {
            return loadFile(new File(explicitPath), cpu.pathProperty() + "=" + explicitPath);
        }
        String libraryName = cpu.libraryName();
        String resource = cpu.resourcePath(os);
        List<String> failures = new ArrayList<>();
        if (trySystemLibrary) {
            boolean loaded = false;
            try {
                System.loadLibrary(libraryName);
                loaded = true;
                return NativeLibrary.getInstance(libraryName);
            } catch (UnsatisfiedLinkError | SecurityException e) {
                failures.add((loaded ? "loaded by System.loadLibrary(\"" + libraryName + "\"), but JNA did not find it by name: "
                        : "System.loadLibrary(\"" + libraryName + "\"): ") + firstLine(e));
            }
        }
        if (resources != null) {
            java.net.URL url = resources.getResource(resource.substring(1));
            if (url == null) {
                failures.add("classpath: no resource " + resource);
            } else {
                try {
                    File file = Native.extractFromResourcePath(resource, resources);
                    NativeLibrary library = loadFile(file, "classpath resource " + resource);
                    if (!"file".equals(url.getProtocol())) {
                        // JNA extracted a copy (a plain file is loaded in place). Loaded, the mapping
                        // outlives the file; JNA would delete it at JVM exit (deleteOnExit), which a
                        // launcher ending by exit_group never reaches. If this fails, that hook remains.
                        file.delete();
                    }
                    return library;
                } catch (IOException e) {
                    failures.add("classpath resource " + resource + ": " + firstLine(e));
                } catch (ShimUnavailableException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        throw new ShimUnavailableException("cannot load " + cpu.libraryFileName(os) + ": "
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
                    + linkerReason(e) + "); the file is " + ObjectFileHeader.describe(file)
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
