package org.korlang.platform.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.korlang.arch.Arch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The machine the JVM runs on, named the way ports name themselves: OS {@code linux} or
 * {@code macos}, processor as the arch port that answers this JVM's {@code os.arch} names it.
 *
 * <p>The platform keeps no list of processors: the names come from the ports themselves — first
 * the registered {@code Arch} services ({@code arch.os.arch}, best-ranked first, as the OS ports
 * choose), then the installed arch bundles' {@code Korlang-Port: arch;processor=…;os.arch="…"}
 * headers (so a stopped arch bundle still names the machine). A processor no port answers keeps the
 * JVM's own (lower-cased) name, so that a report can say precisely what nobody ports to yet.
 */
record Machine(String os, String processor) {

    /** A processor and the {@code os.arch} values it answers to. */
    record ProcessorNames(String processor, Set<String> osArchNames) { }

    /** This JVM's machine, its processor named by the ports in {@code context}. */
    static Machine current(BundleContext context) {
        return of(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"), known(context));
    }

    /** {@code jvmOsArch} named by the first of {@code known} that answers to it. */
    static Machine of(String jvmOsName, String jvmOsArch, List<ProcessorNames> known) {
        String os = jvmOsName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        }
        String cpu = jvmOsArch.toLowerCase(Locale.ROOT);
        for (ProcessorNames names : known) {
            if (names.osArchNames().contains(cpu)) {
                return new Machine(os, names.processor());
            }
        }
        return new Machine(os, cpu);
    }

    /** The processors the registered Arch services (best-ranked first) and the installed arch bundles name. */
    static List<ProcessorNames> known(BundleContext context) {
        List<ProcessorNames> known = new ArrayList<>();
        List<ServiceReference<?>> archs = new ArrayList<>(PortReport.references(context, Arch.class, null));
        archs.sort(Collections.reverseOrder()); // ServiceReference order: higher ranking, then lower id, is greater
        for (ServiceReference<?> ref : archs) {
            Object processor = ref.getProperty(Arch.PROCESSOR);
            Object names = ref.getProperty(Arch.JVM_ARCH_NAMES);
            if (processor instanceof String p && names instanceof String[] n) {
                known.add(new ProcessorNames(p, lowerCase(Arrays.asList(n))));
            }
        }
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            Port.of(bundle).filter(port -> port.kind() == Port.Kind.ARCH)
                    .ifPresent(port -> known.add(new ProcessorNames(port.target(), port.osArchNames())));
        }
        return known;
    }

    static Set<String> lowerCase(java.util.Collection<String> names) {
        return names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
