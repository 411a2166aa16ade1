package org.korlang.platform.internal;

import java.util.Hashtable;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.Descriptor;
import org.korlang.shell.common.UsageException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The shell commands {@code exit} and {@code quit} ({@code korlang:exit}, {@code korlang:quit}):
 * end the platform with exit status 0. Ctrl-D at the interactive prompt (Gogo stops the framework)
 * and {@code stop 0} end it with 0 too.
 *
 * <p>How: when the framework property {@value #LAUNCHER_MAIN} is {@code true} (cnf/korlang.bndrun
 * sets it; the in-framework tests' launcher has its own main thread), this component registers a
 * {@link LauncherMain} for the launcher's main thread; {@code exit} completes it with 0 and the
 * launcher stops the framework in order and ends the JVM with that status. A
 * {@link SynchronousBundleListener} sees the system bundle begin to stop (Ctrl-D, {@code stop 0})
 * and completes it with 0 before the bundles stop. Without the property {@code exit} stops the
 * framework (bundle 0) directly, and the launcher decides the status.
 */
@Component(immediate = true, service = ExitCommands.class, property = {
        "osgi.command.scope=korlang",
        "osgi.command.function=exit",
        "osgi.command.function=quit" })
public final class ExitCommands {

    /** Framework property: register the launcher's main-thread status (bin/korlang's platform). */
    static final String LAUNCHER_MAIN = "korlang.launcher.main";
    /** How long a stop from inside waits for the launcher's main thread to take the status. */
    private static final long HANDOVER_MILLIS = 2_000;

    private final BundleContext context;
    private final LauncherMain main;
    private final ServiceRegistration<?> registration;
    private final SynchronousBundleListener stopping;

    @Activate
    public ExitCommands(BundleContext context) {
        this.context = context;
        if (Boolean.parseBoolean(context.getProperty(LAUNCHER_MAIN))) {
            main = new LauncherMain();
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("main.thread", Boolean.TRUE);
            registration = context.registerService(Callable.class, main, properties);
            stopping = event -> {
                if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                    try {
                        main.frameworkStopping(HANDOVER_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            context.addBundleListener(stopping);
        } else {
            main = null;
            registration = null;
            stopping = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (stopping != null) {
            context.removeBundleListener(stopping);
        }
        if (registration != null && !main.returned()) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping
            }
        }
    }

    @Descriptor("End the platform (exit status 0); the same as quit and Ctrl-D (usage: exit)")
    public String exit(@Descriptor("none") String... args) throws BundleException {
        return end("exit", args);
    }

    @Descriptor("End the platform (exit status 0); the same as exit and Ctrl-D (usage: quit)")
    public String quit(@Descriptor("none") String... args) throws BundleException {
        return end("quit", args);
    }

    private String end(String command, String[] args) throws BundleException {
        if (args.length != 0) {
            throw new UsageException("usage: " + command + " (ends the platform with status 0)");
        }
        if (main != null) {
            main.exit(0);
        } else {
            Bundle system = context.getBundle(0);
            system.stop();
        }
        return "korlang: stopping the platform";
    }
}
