package org.korlang.observe.internal.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;

/**
 * The Web Console's security provider for the Korlang console: HTTP Basic authentication against
 * one user ({@value ConsoleSettings#USER}) and the console's password. Registered with
 * {@code webconsole.security.provider.id=korlang}; the runs name that id in
 * {@code felix.webconsole.security.providers}, so the Web Console serves nothing until this provider
 * is there, and its own {@code admin/admin} provider (lowest ranking) is never asked.
 *
 * <p>A request without credentials, with another scheme, malformed base64, a wrong user or a wrong
 * password gets {@code 401} with a {@code WWW-Authenticate: Basic} challenge and a one-line text body;
 * nothing else of the console runs for it. Both parts are compared in constant time (SHA-256 digests
 * through {@link MessageDigest#isEqual}), so the answer time says nothing about how much matched.
 */
final class BasicAuthentication implements SecurityProvider {

    static final String PROVIDER_ID = "korlang";
    static final String REALM = "Korlang console";

    private final byte[] user;
    private final byte[] password;

    BasicAuthentication(String user, String password) {
        this.user = digest(user);
        this.password = digest(password);
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    boolean userOk = MessageDigest.isEqual(user, digest(decoded.substring(0, colon)));
                    boolean passwordOk = MessageDigest.isEqual(password, digest(decoded.substring(colon + 1)));
                    if (userOk & passwordOk) {
                        return decoded.substring(0, colon);
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // not base64: refused below like any wrong credentials
            }
        }
        refuse(response);
        return null;
    }

    static void refuse(HttpServletResponse response) {
        try {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println("401 Unauthorized: the Korlang console needs user " + ConsoleSettings.USER
                    + " and the password bin/korlang named when it started");
            response.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to tell it
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return true; // one user, who may do everything the console offers
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no server-side session to end; the browser forgets on close
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
