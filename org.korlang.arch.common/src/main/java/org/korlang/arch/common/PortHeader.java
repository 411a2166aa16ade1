package org.korlang.arch.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.korlang.arch.Arch;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A CPU port's names, as the port itself declares them: its processor and every {@code os.arch}
 * value a JVM reports on that processor. Each arch bundle declares its own in its manifest,
 * {@code Korlang-Port: arch;processor=x86_64;os.arch="amd64,x86_64,x86-64"}, and the same names
 * on its {@code Arch} service ({@code arch.processor}, {@code arch.os.arch}, from its
 * {@link ShimCpu}; {@link #of(ShimCpu)} and the arch modules' {@code PortHeaderMatchesShimCpuTest}
 * keep header and ShimCpu equal).
 *
 * <p>This is how an arch bundle names a machine it does not serve without any list of processors
 * in the shared code: {@link #installed(BundleContext)} collects what the ports present in the
 * framework declare — the registered {@code Arch} services first, best-ranked first (as the OS
 * ports choose among them), then every installed bundle's header (so a stopped or foreign port
 * still names its processor) — and {@link HostPlatform#processorName()} takes the first that
 * answers to this JVM's {@code os.arch}. A new CPU bundle brings its own names; no existing bundle
 * is edited. The platform's {@code korlang:ports} (org.korlang.platform, {@code Machine}) reads
 * the same header and services the same way.
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

    /**
     * What the CPU ports in {@code context}'s framework declare: the registered {@code Arch}
     * services (best-ranked first), then the {@code Korlang-Port} headers of the installed bundles.
     */
    public static List<PortHeader> installed(BundleContext context) {
        List<PortHeader> ports = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Arch.class.getName(), null);
            List<ServiceReference<?>> archs = refs == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(refs));
            archs.sort(Collections.reverseOrder()); // higher ranking, then lower service.id, is greater
            for (ServiceReference<?> ref : archs) {
                if (ref.getProperty(Arch.PROCESSOR) instanceof String processor
                        && ref.getProperty(Arch.JVM_ARCH_NAMES) instanceof String[] names) {
                    ports.add(new PortHeader(processor, Set.copyOf(Arrays.asList(names))));
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new AssertionError(impossible); // no filter given
        }
        for (Bundle bundle : context.getBundles()) {
            parse(bundle.getHeaders("").get(HEADER)).ifPresent(ports::add);
        }
        return List.copyOf(ports);
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
