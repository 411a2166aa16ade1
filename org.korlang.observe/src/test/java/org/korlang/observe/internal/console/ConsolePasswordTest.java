package org.korlang.observe.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console password: given, generated once with mode 0600, kept, tightened, never "admin". */
class ConsolePasswordTest {

    @TempDir
    Path home;
    private final List<String> notes = new ArrayList<>();

    @Test
    void theEnvironmentsPasswordWinsAndNothingIsWritten() throws Exception {
        ConsolePassword.Credentials c = ConsolePassword.resolve("s3cret-from-env", home, notes::add);
        assertEquals("s3cret-from-env", c.password());
        assertEquals("admin", c.user());
        assertEquals("from KORLANG_CONSOLE_PASSWORD", c.origin());
        assertTrue(Files.notExists(home.resolve(ConsolePassword.FILE)));
    }

    @Test
    void theFirstStartGeneratesAnOwnerOnlyFileAndLaterStartsReuseIt() throws Exception {
        Path dir = home.resolve("fresh/korlang-home");
        ConsolePassword.Credentials first = ConsolePassword.resolve(null, dir, notes::add);
        Path file = dir.resolve(ConsolePassword.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(24, first.password().length());
        assertTrue(first.password().matches("[A-Za-z0-9_-]{24}"), first.password());
        assertEquals(first.password() + "\n", Files.readString(file));
        assertTrue(first.origin().contains(file.toString()), first.origin());
        ConsolePassword.Credentials second = ConsolePassword.resolve("", dir, notes::add);
        assertEquals(first.password(), second.password());
        assertNotEquals(first.password(), ConsolePassword.generate());
        assertTrue(notes.isEmpty(), notes.toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void theWellKnownDefaultIsNeverTheConsolesPassword() throws Exception {
        ConsolePassword.Credentials c = ConsolePassword.resolve("admin", home, notes::add);
        assertNotEquals("admin", c.password());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("well-known default"), notes.get(0));
        Files.writeString(home.resolve(ConsolePassword.FILE), "admin\n");
        assertNotEquals("admin", ConsolePassword.resolve(null, home, notes::add).password(), "not from the file either");
    }

    @Test
    void aFileOthersCanReadIsTightenedAndSaidSo() throws Exception {
        Path file = home.resolve(ConsolePassword.FILE);
        Files.writeString(file, "a-long-enough-password\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConsolePassword.Credentials c = ConsolePassword.resolve(null, home, notes::add);
        assertEquals("a-long-enough-password", c.password());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("readable by others"), notes.get(0));
    }
}
