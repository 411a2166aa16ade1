package org.korlang.platform.internal;

import java.io.PrintStream;
import java.util.List;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.SyscallTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Says, on standard error, whether this machine's ports are serving, and says it again whenever
 * that changes: on start-up either {@code korlang: ready: linux on x86_64 (…)} or
 * {@code korlang: waiting: <what is missing>}; later, when a port bundle arrives or leaves.
 *
 * <p>This is how "the platform waits and reports what is missing" is kept: nothing in the
 * platform fails while a port is absent; consumers of {@code Os} simply stay unsatisfied until a
 * matching port registers, and this watcher tells the operator which bundle to install. It only
 * prints when the readiness or the list of missing things changes, so a swap storm does not flood
 * the console.
 *
 * <p>"Waiting" is not said while a port bundle for this machine is on its way: marked to start but
 * not yet ACTIVE (during start-up the start levels run the bundles one after another, so the OS
 * port usually starts after this component). Without this, every start would print a waiting line
 * just before its ready line. Once that bundle is ACTIVE (a bundle event), the report is made
 * again; "ready" is said as soon as it is true.
 */
@Component(immediate = true, service = {})
public final class PortWatcher implements ServiceListener, SynchronousBundleListener {

    private final BundleContext context;
    private final PrintStream out;
    private List<String> lastMissing;

    @Activate
    public PortWatcher(BundleContext context) {
        this(context, System.err);
    }

    PortWatcher(BundleContext context, PrintStream out) {
        this.context = context;
        this.out = out;
        context.addServiceListener(this);
        context.addBundleListener(this);
        report();
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(this);
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED && Port.of(event.getBundle()).isPresent()) {
            report();
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        Object classes = event.getServiceReference().getProperty("objectClass");
        if (classes instanceof String[]) {
            for (String name : (String[]) classes) {
                if (name.equals(Os.class.getName()) || name.equals(Arch.class.getName()) || name.equals(SyscallTable.class.getName())) {
                    report();
                    return;
                }
            }
        }
    }

    private synchronized void report() {
        PortReport report;
        try {
            report = PortReport.of(context, machine());
        } catch (IllegalStateException stopping) {
            return; // our context became invalid while the framework stops
        }
        List<String> missing = report.missing();
        if (missing.equals(lastMissing) || !missing.isEmpty() && aPortIsStarting()) {
            return;
        }
        lastMissing = missing;
        if (missing.isEmpty()) {
            out.println("korlang: ready: " + machine().os() + " on " + machine().processor());
        } else {
            out.println("korlang: waiting: " + String.join("; ", missing) + " (korlang:ports tells more)");
        }
    }

    /** This machine, its processor named by the ports present now (they come and go). */
    private Machine machine() {
        return Machine.current(context);
    }

    /** A port bundle for this machine that is marked to start (its start level not reached yet, or starting now). */
    private boolean aPortIsStarting() {
        Machine machine = machine();
        for (Bundle bundle : context.getBundles()) {
            Port port = Port.of(bundle).orElse(null);
            if (port == null || bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            boolean forThisMachine = port.kind() == Port.Kind.ARCH
                    ? port.target().equals(machine.processor())
                    : port.target().equals(machine.os());
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            if (forThisMachine && startLevel != null && startLevel.isPersistentlyStarted()) {
                return true;
            }
        }
        return false;
    }
}
