package org.korlang.observe.internal.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The console's password. Never the Web Console's well-known default ({@code admin}): it is
 * {@code KORLANG_CONSOLE_PASSWORD} when that is set (and not {@code admin}), else the one in
 * {@code $KORLANG_HOME/console-password}, generated at the first start: 144 random bits
 * ({@link SecureRandom}) as 24 URL-safe base64 characters, written to a temporary file created with
 * mode 0600 (so it is never readable by others, not even for a moment) and moved into place
 * atomically. A password file that others could read is tightened back to 0600 and said so; one
 * too short to be ours is replaced.
 */
final class ConsolePassword {

    static final String FILE = "console-password";
    static final String WELL_KNOWN_DEFAULT = "admin";
    static final int MIN_LENGTH = 12;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    /** The password and where it came from, for the start-up line. */
    record Credentials(String user, String password, String origin) {
    }

    private ConsolePassword() {
    }

    /**
     * @param given KORLANG_CONSOLE_PASSWORD (null when unset)
     * @param home  KORLANG_HOME
     * @param note  receives one line for everything the user should know (a refused or tightened value)
     */
    static Credentials resolve(String given, Path home, Consumer<String> note) throws IOException {
        if (given != null && !given.isEmpty()) {
            if (!given.equals(WELL_KNOWN_DEFAULT)) {
                return new Credentials(ConsoleSettings.USER, given, "from KORLANG_CONSOLE_PASSWORD");
            }
            note.accept("KORLANG_CONSOLE_PASSWORD is the Web Console's well-known default; it is ignored");
        }
        Path file = home.resolve(FILE);
        if (Files.isRegularFile(file)) {
            if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                    note.accept(file + " was readable by others (" + PosixFilePermissions.toString(perms)
                            + "); its permissions are now rw-------");
                }
            }
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.length() >= MIN_LENGTH && !stored.equals(WELL_KNOWN_DEFAULT)) {
                return new Credentials(ConsoleSettings.USER, stored, "in " + file);
            }
            note.accept(file + " holds no usable password; a new one replaces it");
        }
        String generated = generate();
        write(file, generated);
        return new Credentials(ConsoleSettings.USER, generated, "in " + file + " (generated now)");
    }

    static String generate() {
        byte[] bits = new byte[18];
        new SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static void write(Path file, String password) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) != null;
        Path tmp = dir.resolve(FILE + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(tmp);
            }
        } catch (FileAlreadyExistsException raced) {
            throw new IOException("another process is writing " + file + "; start again", raced);
        }
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
