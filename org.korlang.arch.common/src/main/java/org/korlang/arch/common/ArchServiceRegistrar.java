package org.korlang.arch.common;

import java.util.Hashtable;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.korlang.arch.Arch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a port's {@link Arch} service — only where it can work. The life cycle of each arch
 * bundle's DS component ({@code X86_64ArchComponent}, {@code Aarch64ArchComponent}), which holds
 * one of these and forwards its activate and deactivate to it.
 *
 * <p>{@link #register}: asks the factory for an {@code Arch} for this machine (the port's
 * {@code load(HostPlatform)}: processor and OS check, then library load) and, if it gets one, registers it through the bundle context
 * with {@code arch.processor=<processor>} and {@code arch.os.arch=<every os.arch name of the
 * processor>} (the names OS ports match this JVM's {@code os.arch} against: the arch bundle is the
 * only one that knows them). The machine is {@link InstalledPorts#machine}: its
 * processor named by the CPU ports in the framework ({@link InstalledPorts#headers}), so a refusal
 * says "this machine is x86_64" because the x86_64 bundle declares {@code amd64}, not because this
 * code knows it. The registration is manual rather than a DS service
 * because whether there is a service at all is decided at run time: on a machine the port does
 * not fit (another processor; a system other than Linux and macOS; a library that will not load)
 * the bundle stays active, registers nothing, and logs one line saying why — which the
 * platform's {@code korlang:ports} command then reflects. Only
 * {@link ShimUnavailableException} is turned into that line; anything else is a bug and reaches
 * SCR, which logs it with its stack trace.
 *
 * <p>{@link #unregister} (bundle stop, SCR shutdown) takes the service away, at most once, and
 * tolerates the framework having done it first. The library stays loaded — a JVM cannot unload
 * it — and a later {@code register} in the same class loader reuses it.
 */
public final class ArchServiceRegistrar {

    private final ShimCpu cpu;
    private final Function<HostPlatform, ? extends Arch> archFactory;
    private final Consumer<String> log;
    private volatile ServiceRegistration<Arch> registration;

    /**
     * @param cpu         the port: its processor property, description and log prefix
     * @param archFactory the port's {@code load(HostPlatform)} (or a stand-in in tests)
     * @param log         where the one refusal line goes ({@code System.err::println} in the bundle)
     */
    public ArchServiceRegistrar(ShimCpu cpu, Function<HostPlatform, ? extends Arch> archFactory, Consumer<String> log) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.archFactory = Objects.requireNonNull(archFactory, "archFactory");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Registers the Arch if this machine can have one; otherwise logs why and registers nothing. */
    public void register(BundleContext context) {
        Arch arch;
        try {
            arch = archFactory.apply(InstalledPorts.machine(context));
        } catch (ShimUnavailableException e) {
            log.accept(cpu.logPrefix() + "no Arch service registered: " + e.getMessage());
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Arch.PROCESSOR, cpu.processor());
        properties.put(Arch.JVM_ARCH_NAMES, cpu.jvmArchNames().stream().sorted().toArray(String[]::new));
        properties.put(Constants.SERVICE_DESCRIPTION, cpu.serviceDescription());
        registration = context.registerService(Arch.class, arch, properties);
    }

    /** Takes the service away if {@link #register} put one up; harmless otherwise. */
    public void unregister() {
        ServiceRegistration<Arch> current = registration;
        registration = null;
        if (current != null) {
            try {
                current.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // the framework took it down first (bundle stopping): nothing left to do
            }
        }
    }
}
