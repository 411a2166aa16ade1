package org.korlang.arch.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;


/**
 * A CPU port's names, as the port itself declares them: its processor and every {@code os.arch}
 * value a JVM reports on that processor. Each arch bundle declares its own in its manifest,
 * {@code Korlang-Port: arch;processor=x86_64;os.arch="amd64,x86_64,x86-64"}, and the same names
 * on its {@code Arch} service ({@code arch.processor}, {@code arch.os.arch}, from its
 * {@link ShimCpu}; {@link #of(ShimCpu)} and the arch modules' {@code KorlangPortHeaderIT} ({@code PortHeaderContract})
 * keep header and ShimCpu equal).
 *
 * <p>This is how an arch bundle names a machine it does not serve without any list of processors
 * in the shared code: {@link InstalledPorts#headers} collects what the ports present in the
 * framework declare — the registered {@code Arch} services first, best-ranked first (as the OS
 * ports choose among them), then every installed bundle's header (so a stopped or foreign port
 * still names its processor) — and {@link HostPlatform#processorName()} takes the first that
 * answers to this JVM's {@code os.arch}. A new CPU bundle brings its own names; no existing bundle
 * is edited. The platform's {@code korlang:ports} (org.korlang.platform, {@code Machine}) reads
 * the same header and services the same way.
 *
 * <p>No OSGi type appears here: the ports load through this class outside a framework too (the
 * launcher's direct mode, the benchmarks, the GC torture), where no OSGi classes are on the class
 * path; what reads the framework is {@link InstalledPorts}.
 */
public record PortHeader(String processor, Set<String> osArchNames) {

    /** The manifest header every port bundle carries. */
    public static final String HEADER = "Korlang-Port";

    public PortHeader {
        Objects.requireNonNull(processor, "processor");
        osArchNames = lowerCase(Objects.requireNonNull(osArchNames, "osArchNames"));
    }

    /** The names {@code cpu} declares: what its bundle's {@code Korlang-Port} header must say. */
    public static PortHeader of(ShimCpu cpu) {
        return new PortHeader(cpu.processor(), cpu.jvmArchNames());
    }

    /** Whether this port answers to the JVM's {@code os.arch} value {@code jvmOsArch} (any case). */
    public boolean answers(String jvmOsArch) {
        return jvmOsArch != null && osArchNames.contains(jvmOsArch.toLowerCase(Locale.ROOT));
    }

    /** The header's value: {@code arch;processor=<processor>;os.arch="<names, sorted>"}. */
    public String format() {
        return "arch;processor=" + processor + ";os.arch=\"" + String.join(",", new TreeSet<>(osArchNames)) + "\"";
    }

    /**
     * The arch port a {@code Korlang-Port} header value declares; empty for an OS port's header, a
     * header without a processor, or none at all.
     */
    public static Optional<PortHeader> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split(";");
        if (!parts[0].trim().equals("arch")) {
            return Optional.empty();
        }
        String processor = null;
        Set<String> names = Set.of();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            String value = kv[1].trim().replace("\"", "");
            if (kv[0].trim().equals("processor")) {
                processor = value;
            } else if (kv[0].trim().equals("os.arch")) {
                names = Set.copyOf(Arrays.asList(value.split(",")));
            }
        }
        return processor == null || processor.isEmpty() ? Optional.empty() : Optional.of(new PortHeader(processor, names));
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
