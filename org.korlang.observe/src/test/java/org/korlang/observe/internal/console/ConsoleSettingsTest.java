package org.korlang.observe.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where and whether the console listens: the switch, the port and its errors, the home, the gate. */
class ConsoleSettingsTest {

    private static ConsoleSettings read(Map<String, String> properties, Map<String, String> env) {
        return ConsoleSettings.read(properties::get, env::get);
    }

    @Test
    void offUnlessAskedAndOn8080ByDefault() {
        ConsoleSettings none = read(Map.of(), Map.of());
        assertFalse(none.enabled());
        assertEquals("not asked for", ConsoleGate.refusal(none));
        ConsoleSettings on = read(Map.of("korlang.console", "on", "korlang.home", "/tmp/kh"), Map.of());
        assertTrue(on.enabled());
        assertEquals(8080, on.port());
        assertEquals(Path.of("/tmp/kh"), on.home());
        assertEquals("http://127.0.0.1:8080/system/console/korlang", on.url());
        assertFalse(read(Map.of("korlang.console", "off"), Map.of()).enabled());
    }

    @Test
    void thePortComesFromTheEnvironmentAndBadOnesAreOneClearProblem() {
        assertEquals(18081, read(Map.of("korlang.console", "on"), Map.of("KORLANG_HTTP_PORT", "18081")).port());
        for (String bad : new String[] {"http", "0", "65536", "-1", "80 80"}) {
            ConsoleSettings s = read(Map.of("korlang.console", "on"), Map.of("KORLANG_HTTP_PORT", bad));
            assertEquals("KORLANG_HTTP_PORT='" + bad + "' is not a port (1-65535)", s.problem());
            assertEquals(s.problem(), ConsoleGate.refusal(s));
        }
        ConsoleSettings env = read(Map.of("korlang.console", "on"), Map.of("KORLANG_HOME", "/x", "KORLANG_CONSOLE_PASSWORD", "pw"));
        assertEquals(Path.of("/x"), env.home());
        assertEquals("pw", env.password());
        assertNull(env.problem());
    }

    @Test
    void aPortInUseOnLoopbackIsRefusedWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ConsoleSettings s = read(Map.of("korlang.console", "on", "korlang.http.port", String.valueOf(port)), Map.of());
            assertFalse(ConsoleGate.portFree(port));
            assertEquals("port " + port + " on 127.0.0.1 is already in use (set KORLANG_HTTP_PORT to a free port)",
                    ConsoleGate.refusal(s));
        }
    }

    @Test
    void jettyIsToldLoopbackOnly() {
        var p = ConsoleGate.jettyProperties(18082);
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertEquals(18082, p.get("org.osgi.service.http.port"));
        assertEquals(false, p.get("org.apache.felix.https.enable"));
    }
}
