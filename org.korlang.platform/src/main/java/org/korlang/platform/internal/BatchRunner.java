package org.korlang.platform.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs the Gogo script given by the framework property {@code korlang.commands}
 * ({@code bin/korlang -c "cmd1; cmd2"}) once the platform has started, then ends the JVM with
 * status 0 if every command succeeded and 1 if one failed (the shell stops at the first failure).
 *
 * <p>Start-up race: a script must not run before the components that provide its commands are
 * registered. The runner waits until every bundle of the run has been started (SCR registers a
 * bundle's satisfied components as it starts) and this machine's ports serve, and for a
 * {@code CommandProcessor}. If the platform never gets there within
 * {@code korlang.commands.timeout} seconds (default 60) the runner exits with status 2 and says so.
 * One thing is not waited out: an OS port that is active over its Arch but has no system-call
 * table for this processor ("no syscall table for linux on riscv64"). At start-up the OS bundle's
 * own tables register a moment after the bundle is ACTIVE, so that is waited for a short grace
 * ({@code korlang.commands.tablegrace} milliseconds, default 2000, counted from when it is the only
 * thing missing); after that no table is on its way and the runner exits at once with status 2 and
 * {@code korlang: cannot run: no syscall table for linux on riscv64 is registered …} — a script
 * would otherwise wait for a port that never comes ({@link Patience}).
 * It also waits for the bundles of the deploy directory to be installed and started by FileInstall
 * ({@link DeployDirectory}): a script sees them as after any restart.
 *
 * <p>With {@code korlang.startup} instead, the same runner starts an interactive platform's default
 * workload ({@code bin/korlang} sets it to {@code korlang:demo}) and leaves the platform running;
 * a failure is reported on standard error. Without either property the component is inert.
 */
@Component(immediate = true, service = {})
public final class BatchRunner {

    static final String COMMANDS = "korlang.commands";
    static final String TIMEOUT = "korlang.commands.timeout";
    static final String TABLE_GRACE = "korlang.commands.tablegrace";
    /** Commands an interactive platform runs once started (its default workload), without exiting. */
    static final String STARTUP = "korlang.startup";

    private final Thread runner;

    @Activate
    public BatchRunner(BundleContext context) {
        String batch = context.getProperty(COMMANDS);
        String startup = context.getProperty(STARTUP);
        long timeoutSeconds = Long.parseLong(System.getProperty(TIMEOUT, "60"));
        // The raw file descriptors, not System.out/err: Gogo replaces those with streams that route
        // back into the calling session, which would loop.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        if (batch != null && !batch.isBlank()) {
            runner = new Thread(() -> System.exit(run(context, batch, timeoutSeconds, out, err)), "korlang-batch");
        } else if (startup != null && !startup.isBlank()) {
            // The interactive platform's default workload: run it once started, keep the platform.
            runner = new Thread(() -> run(context, startup, timeoutSeconds, out, err), "korlang-startup");
        } else {
            runner = null;
            return;
        }
        runner.setDaemon(true);
        runner.start();
    }

    @Deactivate
    void deactivate() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    /** Runs {@code script}; returns the process exit status. */
    static int run(BundleContext context, String script, long timeoutSeconds, PrintStream out, PrintStream err) {
        try {
            awaitStarted(context, timeoutSeconds);
            ServiceReference<CommandProcessor> ref = awaitProcessor(context, timeoutSeconds);
            CommandProcessor processor = context.getService(ref);
            CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err);
            try {
                // One statement at a time, so that every command's value is shown (a Gogo script
                // only returns its last one), as at the interactive prompt.
                for (String statement : Statements.split(script)) {
                    Object result = session.execute(statement);
                    if (result != null) {
                        out.println(session.format(result, 1 /* Converter.INSPECT */));
                    }
                }
                out.flush();
                return 0;
            } catch (Exception failed) {
                out.flush();
                err.println("korlang: command failed: " + describe(failed));
                return 1;
            } finally {
                session.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (IllegalStateException notReady) {
            err.println("korlang: " + notReady.getMessage());
            return 2;
        }
    }

    private static String describe(Throwable failure) {
        while ((failure instanceof java.lang.reflect.InvocationTargetException || failure.getMessage() == null)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (Boolean.getBoolean("korlang.debug")) {
            failure.printStackTrace();
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : message;
    }

    /**
     * Waits until the platform has started: the framework's start level has reached every
     * bundle's, every bundle marked to start is ACTIVE, and — when this machine's ports are
     * installed — their services are registered (an OS port binds to its Arch through a
     * ConfigAdmin configuration, which is delivered asynchronously after its bundle started).
     * The system bundle is ACTIVE long before that: the start level rises after it.
     */
    private static void awaitStarted(BundleContext context, long timeoutSeconds) throws InterruptedException {
        FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
        Patience patience = new Patience(System.nanoTime(), TimeUnit.SECONDS.toNanos(timeoutSeconds),
                TimeUnit.MILLISECONDS.toNanos(Long.getLong(TABLE_GRACE, 2000)), timeoutSeconds);
        long fileInstallActiveSince = 0;
        while (true) {
            String waitingFor = waitingFor(context, framework, Machine.current(context));
            if (waitingFor == null) {
                Bundle fileInstall = DeployDirectory.fileInstall(context);
                if (fileInstallActiveSince == 0 && fileInstall != null && fileInstall.getState() == Bundle.ACTIVE) {
                    fileInstallActiveSince = System.nanoTime();
                }
                waitingFor = DeployDirectory.waitingFor(context, fileInstallActiveSince);
            }
            if (!patience.keepWaiting(waitingFor, System.nanoTime())) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Whether the runner waits on, poll after poll: not once nothing is missing; until the
     * deadline for anything that is still starting; for a missing system-call table only a grace
     * (counted from the first poll that saw it), then it gives up at once with a message naming
     * the table. Pure (the time is given), so the decision is unit-tested.
     */
    static final class Patience {
        private static final String NO_TABLE = "no syscall table for ";

        private final long deadline;
        private final long tableGrace;
        private final long timeoutSeconds;
        private long noTableSince = -1;

        Patience(long start, long timeout, long tableGrace, long timeoutSeconds) {
            this.deadline = start + timeout;
            this.tableGrace = tableGrace;
            this.timeoutSeconds = timeoutSeconds;
        }

        /**
         * @param waitingFor what the platform still lacks (null: nothing)
         * @return true to poll again, false once the platform has started
         * @throws IllegalStateException to give up; its message is the runner's {@code korlang:} line
         */
        boolean keepWaiting(String waitingFor, long now) {
            if (waitingFor == null) {
                return false;
            }
            int table = waitingFor.indexOf(NO_TABLE);
            if (table < 0) {
                noTableSince = -1;
            } else if (noTableSince < 0) {
                noTableSince = now;
            } else if (now - noTableSince >= tableGrace) {
                throw new IllegalStateException("cannot run: " + waitingFor.substring(table)
                        + " (install the port bundle that contributes one; korlang:ports tells more)");
            }
            if (now - deadline > 0) {
                throw new IllegalStateException("the platform did not finish starting within " + timeoutSeconds
                        + " s: " + waitingFor);
            }
            return true;
        }
    }

    /** What the platform is still starting, or null once it has started. */
    static String waitingFor(BundleContext context, FrameworkStartLevel framework, Machine machine) {
        int level = framework.getStartLevel();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0 || bundle.getHeaders("").get("Fragment-Host") != null
                    || DeployDirectory.isDeployed(context, bundle)) {
                continue; // the deploy directory's bundles: DeployDirectory.waitingFor
            }
            BundleStartLevel bundleLevel = bundle.adapt(BundleStartLevel.class);
            if (bundleLevel.getStartLevel() > level) {
                return "start level " + level + " has not reached " + bundle.getSymbolicName() + "'s " + bundleLevel.getStartLevel();
            }
            if (bundleLevel.isPersistentlyStarted() && bundle.getState() != Bundle.ACTIVE) {
                return bundle.getSymbolicName() + " is " + PortReport.stateName(bundle.getState());
            }
        }
        for (String missing : PortReport.of(context, machine).missing()) {
            if (missing.contains("installed but not serving")) {
                return missing; // transient while the port binds; a port that is absent is not waited for
            }
        }
        return null;
    }

    private static ServiceReference<CommandProcessor> awaitProcessor(BundleContext context, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
            if (ref != null) {
                return ref;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no Gogo CommandProcessor within " + timeoutSeconds + " s: is the gogo runtime bundle installed?");
            }
            Thread.sleep(20);
        }
    }
}
