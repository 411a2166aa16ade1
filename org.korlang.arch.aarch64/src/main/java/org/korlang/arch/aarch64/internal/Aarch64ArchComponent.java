package org.korlang.arch.aarch64.internal;

import java.util.Hashtable;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.korlang.arch.Arch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the aarch64 {@link Arch} service — only where it can work.
 *
 * <p>An immediate DS component that provides no service itself: on activation it asks for an
 * {@code Arch} ({@link Aarch64Arch#load()}: processor and OS check, then library load) and, if
 * it gets one, registers it through the bundle context with {@code arch.processor=aarch64}. The
 * registration is manual rather than a DS service because whether there is a service at all is
 * decided at run time: on a machine it does not fit (every x86_64 box, macOS) the bundle stays
 * active, registers nothing, and prints one line saying why — which the platform's
 * {@code korlang:ports} command then reflects.
 *
 * <p>Deactivation (bundle stop, SCR shutdown) unregisters the service. The library stays loaded
 * — a JVM cannot unload it — and a later activation in the same class loader reuses it.
 */
@Component(immediate = true, service = {})
public final class Aarch64ArchComponent {

    static final String LOG_PREFIX = "korlang arch.aarch64: ";

    private final Supplier<? extends Arch> archFactory;
    private final Consumer<String> log;
    private volatile ServiceRegistration<Arch> registration;

    /** The constructor SCR uses: the real machine, the real library, System.err. */
    public Aarch64ArchComponent() {
        this(Aarch64Arch::load, System.err::println);
    }

    Aarch64ArchComponent(Supplier<? extends Arch> archFactory, Consumer<String> log) {
        this.archFactory = archFactory;
        this.log = log;
    }

    @Activate
    void activate(BundleContext context) {
        Arch arch;
        try {
            arch = archFactory.get();
        } catch (ShimUnavailableException e) {
            log.accept(LOG_PREFIX + "no Arch service registered: " + e.getMessage());
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Arch.PROCESSOR, Aarch64Arch.PROCESSOR);
        properties.put(Constants.SERVICE_DESCRIPTION,
                "Korlang aarch64 shim (raw syscall, context switch, cpu relax, cycle counter)");
        registration = context.registerService(Arch.class, arch, properties);
    }

    @Deactivate
    void deactivate() {
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
