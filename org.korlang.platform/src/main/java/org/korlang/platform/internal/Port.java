package org.korlang.platform.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;

/**
 * A port bundle as it declares itself in its manifest:
 * {@code Korlang-Port: arch;processor=x86_64;os.arch="amd64,x86_64,x86-64"} (the {@code os.arch}
 * values the processor answers to, the same as its Arch service's {@code arch.os.arch}) or
 * {@code Korlang-Port: os;name=linux}. The header is the whole contract between a port and the
 * platform's reports: the platform never needs to know a port's classes.
 */
record Port(Bundle bundle, Kind kind, String target, Set<String> osArchNames) {

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
        String target = null;
        Set<String> osArchNames = Set.of();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            String value = kv[1].trim().replace("\"", "");
            if (kv[0].trim().equals(wanted)) {
                target = value;
            } else if (kv[0].trim().equals("os.arch")) {
                osArchNames = Machine.lowerCase(Arrays.asList(value.split(",")));
            }
        }
        return target == null ? Optional.empty()
                : Optional.of(new Port(bundle, kind.equals("arch") ? Kind.ARCH : Kind.OS, target, osArchNames));
    }
}
