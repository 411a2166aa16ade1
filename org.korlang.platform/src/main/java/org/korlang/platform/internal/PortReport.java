package org.korlang.platform.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.SyscallTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What every installed port bundle is doing on this machine, and what the machine still lacks.
 *
 * <p>A port is <em>serving</em> when its bundle has registered its service ({@code Arch} or
 * {@code Os}); otherwise the report derives the reason from facts anyone can check: the bundle's
 * state, the processor or OS it is built for against this machine's, and — for an OS port — whether
 * an {@code Arch} for this processor is present. The report is computed fresh on every call from
 * the framework's registry — including whether a {@code SyscallTable} for this kernel on this
 * processor is registered (an OS port never serves a processor without one, and the report says
 * "no syscall table for linux on riscv64"), and whether the process's MappingRegistry (bundle
 * org.korlang.os.mappings, which every OS port requires) is registered, looked up by its class name
 * only so that the platform imports nothing of that bundle. Nothing is cached, so the report is
 * never stale after a port comes or goes.
 * It ends with which port each consumer (the heap, the VM, sync, an OS port over its Arch) is bound to.
 */
final class PortReport {

    record Line(Port port, boolean serving, String status) { }

    /** The service every OS port requires besides an Arch and a table (bundle org.korlang.os.mappings). */
    static final String MAPPING_REGISTRY = "org.korlang.os.mappings.MappingRegistry";

    private final Machine machine;
    private final List<Line> lines;
    private final List<String> missing;

    private final List<String> bindings;

    private PortReport(Machine machine, List<Line> lines, List<String> missing, List<String> bindings) {
        this.machine = machine;
        this.lines = lines;
        this.missing = missing;
        this.bindings = bindings;
    }

    /**
     * Which port each consumer is bound to: for every Os and Arch service, the bundles using it
     * (the framework's record of who holds the service; the heap binds one Os at a time).
     */
    private static List<String> bindings(BundleContext context) {
        List<String> bindings = new ArrayList<>();
        for (Class<?> type : List.of(Os.class, Arch.class)) {
            for (ServiceReference<?> ref : references(context, type, null)) {
                Bundle provider = ref.getBundle();
                Bundle[] users = ref.getUsingBundles();
                if (provider == null || users == null) {
                    continue;
                }
                String served = type == Os.class
                        ? ref.getProperty(Os.OS_NAME) + "/" + ref.getProperty(Os.OS_ARCH)
                        : String.valueOf(ref.getProperty(Arch.PROCESSOR));
                for (Bundle user : users) {
                    if (user.getBundleId() == context.getBundle().getBundleId()) {
                        continue; // this command looking
                    }
                    bindings.add(String.format("%-26s %s (%s service %s, %s)", user.getSymbolicName(),
                            provider.getSymbolicName(), type.getSimpleName(), ref.getProperty("service.id"), served));
                }
            }
        }
        bindings.sort(null);
        return List.copyOf(bindings);
    }

    static PortReport of(BundleContext context, Machine machine) {
        List<Line> lines = new ArrayList<>();
        boolean archInstalled = false;
        boolean osInstalled = false;
        boolean osActive = false;
        boolean archServing = !references(context, Arch.class, "(" + Arch.PROCESSOR + "=" + machine.processor() + ")").isEmpty();
        boolean osServing = !references(context, Os.class, "(" + Os.OS_NAME + "=" + machine.os() + ")").isEmpty();
        boolean tableRegistered = !references(context, SyscallTable.class, "(&(" + SyscallTable.KERNEL + "=" + machine.os()
                + ")(" + SyscallTable.PROCESSOR + "=" + machine.processor() + "))").isEmpty();
        boolean registryRegistered = !references(context, MAPPING_REGISTRY, null).isEmpty();
        for (Bundle bundle : context.getBundles()) {
            Port port = Port.of(bundle).orElse(null);
            if (port == null) {
                continue;
            }
            boolean forThisMachine = port.kind() == Port.Kind.ARCH
                    ? port.target().equals(machine.processor())
                    : port.target().equals(machine.os());
            if (forThisMachine) {
                archInstalled |= port.kind() == Port.Kind.ARCH;
                osInstalled |= port.kind() == Port.Kind.OS;
                osActive |= port.kind() == Port.Kind.OS && bundle.getState() == Bundle.ACTIVE;
            }
            lines.add(describe(context, machine, port, forThisMachine, archServing, tableRegistered, registryRegistered));
        }
        lines.sort(Comparator.comparing((Line l) -> l.port().kind()).thenComparing(l -> l.port().bundle().getSymbolicName()));

        List<String> missing = new ArrayList<>();
        if (!archInstalled) {
            missing.add("no arch port for " + machine.processor() + " is installed");
        } else if (!archServing) {
            missing.add("the arch port for " + machine.processor() + " is installed but not serving");
        }
        if (!osInstalled) {
            missing.add("no OS port for " + machine.os() + " is installed");
        } else if (!osServing && osActive && archServing && !tableRegistered) {
            // worded as "installed but not serving", which the batch runner waits out: at start-up the OS
            // bundle's own tables register a moment after the bundle is ACTIVE
            missing.add("the OS port for " + machine.os() + " is installed but not serving: " + noTable(machine) + " is registered");
        } else if (!osServing && osActive && archServing && !registryRegistered) {
            missing.add("the OS port for " + machine.os() + " is installed but not serving: " + NO_REGISTRY);
        } else if (!osServing) {
            missing.add("the OS port for " + machine.os() + " is installed but not serving");
        }
        return new PortReport(machine, List.copyOf(lines), List.copyOf(missing), bindings(context));
    }

    /** What an OS port lacks while org.korlang.os.mappings is not serving. */
    static final String NO_REGISTRY = "no MappingRegistry service (install or start org.korlang.os.mappings)";

    /** What an OS port lacks when no bundle contributes its kernel's numbers for this processor. */
    private static String noTable(Machine machine) {
        return "no syscall table for " + machine.os() + " on " + machine.processor();
    }

    private static Line describe(BundleContext context, Machine machine, Port port, boolean forThisMachine, boolean archServing,
            boolean tableRegistered, boolean registryRegistered) {
        Bundle bundle = port.bundle();
        Class<?> service = port.kind() == Port.Kind.ARCH ? Arch.class : Os.class;
        ServiceReference<?> served = references(context, service, null).stream()
                .filter(r -> r.getBundle() != null && r.getBundle().getBundleId() == bundle.getBundleId())
                .findFirst().orElse(null);
        if (served != null) {
            return new Line(port, true, port.kind() == Port.Kind.ARCH
                    ? "serving: Arch service registered"
                    : "serving: Os service registered on Arch " + served.getProperty(Os.OS_ARCH));
        }
        String status;
        if (!forThisMachine) {
            status = port.kind() == Port.Kind.ARCH
                    ? "inactive: built for " + port.target() + ", this machine is " + machine.processor()
                    : "inactive: for " + port.target() + ", this kernel is " + machine.os();
        } else if (bundle.getState() != Bundle.ACTIVE) {
            status = "inactive: bundle is " + stateName(bundle.getState()) + " (start it)";
        } else if (port.kind() == Port.Kind.OS && !archServing) {
            status = "waiting: no Arch service for " + machine.processor() + " (install or start its arch bundle)";
        } else if (port.kind() == Port.Kind.OS && !tableRegistered) {
            status = "waiting: " + noTable(machine) + " (install the port bundle that contributes one)";
        } else if (port.kind() == Port.Kind.OS && !registryRegistered) {
            status = "waiting: " + NO_REGISTRY;
        } else {
            status = "inactive: active bundle registered no service (see its log line)";
        }
        return new Line(port, false, status);
    }

    static List<ServiceReference<?>> references(BundleContext context, Class<?> type, String filter) {
        return references(context, type.getName(), filter);
    }

    static List<ServiceReference<?>> references(BundleContext context, String type, String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(type, filter);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            default: return "state " + state;
        }
    }

    Machine machine() { return machine; }

    List<Line> lines() { return lines; }

    /** What this machine still lacks before an {@code Os} service can serve; empty when ready. */
    List<String> missing() { return missing; }

    /** The lines of {@code korlang:ports}. */
    String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-26s %-5s %-8s %-9s %s%n", "BUNDLE", "KIND", "FOR", "STATE", "STATUS"));
        for (Line line : lines) {
            Bundle b = line.port().bundle();
            out.append(String.format("%-26s %-5s %-8s %-9s %s%n", b.getSymbolicName(),
                    line.port().kind().name().toLowerCase(), line.port().target(), stateName(b.getState()), line.status()));
        }
        if (lines.isEmpty()) {
            out.append("(no port bundles installed)\n");
        }
        if (!bindings.isEmpty()) {
            out.append(String.format("%-26s %s%n", "CONSUMER", "BOUND TO"));
            for (String binding : bindings) {
                out.append(binding).append('\n');
            }
        }
        out.append("machine: ").append(machine.os()).append(" on ").append(machine.processor());
        out.append(missing.isEmpty() ? " — ready" : " — missing: " + String.join("; ", missing));
        out.append('\n');
        return out.toString();
    }
}
