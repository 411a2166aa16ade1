package org.korlang.arch.x86_64.internal;

import java.util.function.Consumer;
import java.util.function.Function;

import org.korlang.arch.Arch;
import org.korlang.arch.common.ArchServiceRegistrar;
import org.korlang.arch.common.HostPlatform;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the x86_64 {@link Arch} service ({@code arch.processor=x86_64}) on Linux and macOS — only where it can
 * work. An immediate DS component that provides no service itself; its activation and
 * deactivation are the shared {@link ArchServiceRegistrar}'s: on a machine it does not fit (an
 * aarch64 box, Windows) the bundle stays active, registers nothing, and prints one line saying why.
 */
@Component(immediate = true, service = {})
public final class X86_64ArchComponent {

    private final ArchServiceRegistrar registrar;

    /** The constructor SCR uses: the real machine, the real library, System.err. */
    public X86_64ArchComponent() {
        this(X86_64Arch::load, System.err::println);
    }

    X86_64ArchComponent(Function<HostPlatform, ? extends Arch> archFactory, Consumer<String> log) {
        this.registrar = new ArchServiceRegistrar(X86_64Arch.CPU, archFactory, log);
    }

    @Activate
    void activate(BundleContext context) {
        registrar.register(context);
    }

    @Deactivate
    void deactivate() {
        registrar.unregister();
    }
}
