package org.korlang.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;

/*
 * `bin/korlang build prog.kor -o prog.jar`: one executable jar that runs the program with only a
 * JRE (`java -jar prog.jar args…`), with the same output and exit status as `bin/korlang run`.
 *
 * The jar is the launcher's own class path flattened into one archive — launcher, front end, VM,
 * gc and semispace, port, Linux and macOS OS ports, both arch bundles with their shim libraries,
 * JNA with its native stubs — plus the program's source as the entry korlang/program.kor. The
 * source is checked when the jar is built (a program with compile errors gives no jar, status 65)
 * and compiled again at start-up: the front end takes tens of milliseconds, and the jar then
 * needs no serialized bytecode format. Main.main looks for the entry first; when it is there,
 * every argument is the program's. Entries are copied once (the first jar on the class path wins,
 * as the class loader would choose); jar manifests and signatures of the inputs are dropped. The
 * manifest names Main and allows native access for JNA (`Enable-Native-Access: ALL-UNNAMED`).
 * The jar is written to a temporary file next to the target and renamed into place.
 */

/** Builds an executable jar holding a Korlang program and the platform it needs. */
final class ProgramJar {

    static final String ENTRY = "korlang/program.kor";
    static final String NAME_ENTRY = "korlang/program.name";
    static final String PROGRAM_NAME = "program.kor";

    private ProgramJar() {
    }

    /** The program embedded in the running jar, or null when this is not a built program jar. */
    static byte[] embeddedProgram() {
        try (InputStream in = Main.class.getResourceAsStream("/" + ENTRY)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code build prog.kor -o out.jar}: the exit status (0, 64 usage, 65 compile errors, 66 I/O). */
    static int build(String[] argv) {
        Path source = null;
        Path out = null;
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("-o") && i + 1 < argv.length) {
                out = Path.of(argv[++i]);
            } else if (argv[i].startsWith("-o=")) {
                out = Path.of(argv[i].substring(3));
            } else if (source == null && !argv[i].startsWith("-")) {
                source = Path.of(argv[i]);
            } else {
                System.err.println("korlang: build: unexpected argument " + argv[i]);
                return 64;
            }
        }
        if (source == null) {
            System.err.println("korlang: usage: bin/korlang build prog.kor [-o prog.jar]");
            return 64;
        }
        if (out == null) {
            String name = source.getFileName().toString();
            out = source.resolveSibling(name.endsWith(".kor") ? name.substring(0, name.length() - 4) + ".jar" : name + ".jar");
        }
        byte[] text;
        try {
            text = Files.readAllBytes(source);
        } catch (IOException e) {
            System.err.println("korlang: cannot read " + source + ": " + e.getMessage());
            return 66;
        }
        CompileResult r = new KorlangCompiler().compile(SourceFile.ofUtf8(source.getFileName().toString(), text));
        if (!r.diagnostics().isEmpty()) {
            System.err.print(r.formatDiagnostics());
        }
        if (r.hasErrors() || r.program().isEmpty()) {
            return 65;
        }
        try {
            write(out, text);
        } catch (IOException e) {
            System.err.println("korlang: cannot write " + out + ": " + e);
            return 66;
        }
        return 0;
    }

    private static void write(Path out, byte[] program) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        main.putValue("Created-By", "bin/korlang build");
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".korlang-build-", ".jar");
        try {
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
                Set<String> seen = new HashSet<>();
                seen.add("META-INF/MANIFEST.MF");
                put(jar, seen, ENTRY, program);
                for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                    Path p = Path.of(element);
                    if (Files.isRegularFile(p) && element.endsWith(".jar")) {
                        copyJar(jar, seen, p);
                    } else if (Files.isDirectory(p)) {
                        copyDirectory(jar, seen, p);
                    }
                }
            }
            try {
                // a temporary file is private (0600); a built program is an ordinary file (0644)
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's defaults apply
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyJar(JarOutputStream jar, Set<String> seen, Path p) throws IOException {
        try (JarFile in = new JarFile(p.toFile(), false)) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                String name = e.getName();
                if (e.isDirectory() || skipped(name) || !seen.add(name)) {
                    continue;
                }
                try (InputStream data = in.getInputStream(e)) {
                    jar.putNextEntry(new JarEntry(name));
                    data.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
    }

    private static void copyDirectory(JarOutputStream jar, Set<String> seen, Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (!skipped(name) && seen.add(name)) {
                    put(jar, seen, name, Files.readAllBytes(f));
                }
            }
        }
    }

    /** Manifests and signatures of the input jars. */
    private static boolean skipped(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.equals("META-INF/MANIFEST.MF") || (upper.startsWith("META-INF/")
                && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")));
    }

    private static void put(JarOutputStream jar, Set<String> seen, String name, byte[] bytes) throws IOException {
        seen.add(name);
        jar.putNextEntry(new JarEntry(name));
        OutputStream o = jar;
        o.write(bytes);
        jar.closeEntry();
    }
}
