package org.korlang.observe.internal.console;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where and whether the console listens, from the framework properties {@code bin/korlang} sets and
 * the environment it passes on:
 * <ul>
 * <li>{@code korlang.console} ({@code on}/{@code off}): {@code bin/korlang} sets {@code on} for the
 * interactive platform, {@code off} for {@code -c} batches unless {@code KORLANG_CONSOLE=1}; absent
 * (a plain {@code java -jar}, the in-framework tests) means off;</li>
 * <li>the port: {@code korlang.http.port}, else {@code KORLANG_HTTP_PORT}, else {@value #DEFAULT_PORT};
 * a value that is not a port 1–65535 leaves the console off with a {@link #problem()};</li>
 * <li>{@code KORLANG_HOME} (property {@code korlang.home}, else the environment, else
 * {@code ~/.korlang}): where the generated password lives;</li>
 * <li>{@code KORLANG_CONSOLE_PASSWORD}: the password, when given.</li>
 * </ul>
 * The host is always {@value #HOST}: the console is never reachable from another machine.
 */
record ConsoleSettings(boolean enabled, int port, String problem, Path home, String password) {

    static final String HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final String USER = "admin";

    /**
     * @param property a framework property by name (null when unset)
     * @param env      an environment variable by name (null when unset)
     */
    static ConsoleSettings read(UnaryOperator<String> property, UnaryOperator<String> env) {
        String switchValue = property.apply("korlang.console");
        boolean enabled = switchValue != null && switch (switchValue.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            default -> false;
        };
        String portProperty = property.apply("korlang.http.port");
        String portText = portProperty != null ? portProperty : env.apply("KORLANG_HTTP_PORT");
        int port = DEFAULT_PORT;
        String problem = null;
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                problem = "KORLANG_HTTP_PORT='" + portText + "' is not a port (1-65535)";
                port = -1;
            }
        }
        String homeText = property.apply("korlang.home");
        if (homeText == null || homeText.isBlank()) {
            homeText = env.apply("KORLANG_HOME");
        }
        Path home = homeText != null && !homeText.isBlank() ? Path.of(homeText)
                : Path.of(System.getProperty("user.home"), ".korlang");
        return new ConsoleSettings(enabled, port, problem, home, env.apply("KORLANG_CONSOLE_PASSWORD"));
    }

    /** The page's address. */
    String url() {
        return "http://" + HOST + ":" + port + "/system/console/korlang";
    }
}
