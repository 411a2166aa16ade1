package org.korlang.platform.internal;

import java.util.Optional;

import org.osgi.framework.Bundle;

/**
 * A port bundle as it declares itself in its manifest: {@code Korlang-Port: arch;processor=x86_64}
 * or {@code Korlang-Port: os;name=linux}. The header is the whole contract between a port and the
 * platform's reports: the platform never needs to know a port's classes.
 */
record Port(Bundle bundle, Kind kind, String target) {

    static final String HEADER = "Korlang-Port";

    enum Kind { ARCH, OS }

    /** The port a bundle declares, if its manifest has a well-formed {@code Korlang-Port} header. */
    static Optional<Port> of(Bundle bundle) {
        String header = bundle.getHeaders("").get(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split(";");
        String kind = parts[0].trim();
        String wanted = kind.equals("arch") ? "processor" : kind.equals("os") ? "name" : null;
        if (wanted == null) {
            return Optional.empty();
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals(wanted)) {
                String value = kv[1].trim().replace("\"", "");
                return Optional.of(new Port(bundle, kind.equals("arch") ? Kind.ARCH : Kind.OS, value));
            }
        }
        return Optional.empty();
    }
}
