package org.korlang.platform.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs the Gogo script given by the framework property {@code korlang.commands}
 * ({@code bin/korlang -c "cmd1; cmd2"}) once the platform has started, then ends the JVM with
 * status 0 if every command succeeded and 1 if one failed (the shell stops at the first failure).
 *
 * <p>Start-up race: a script must not run before the components that provide its commands are
 * registered. The runner waits for the framework's {@code STARTED} event — by then every bundle
 * of the run has been started and SCR has registered every component whose references are
 * satisfied — and for a {@code CommandProcessor}. If the platform never gets there within
 * {@code korlang.commands.timeout} seconds (default 60) the runner exits with status 2 and says so.
 *
 * <p>With {@code korlang.startup} instead, the same runner starts an interactive platform's default
 * workload ({@code bin/korlang} sets it to {@code korlang:demo}) and leaves the platform running;
 * a failure is reported on standard error. Without either property the component is inert.
 */
@Component(immediate = true, service = {})
public final class BatchRunner {

    static final String COMMANDS = "korlang.commands";
    static final String TIMEOUT = "korlang.commands.timeout";
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
                Object result = session.execute(script);
                if (result != null) {
                    out.println(session.format(result, 1 /* Converter.INSPECT */));
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

    private static void awaitStarted(BundleContext context, long timeoutSeconds) throws InterruptedException {
        Bundle system = context.getBundle(0);
        CountDownLatch started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            if (system.getState() != Bundle.ACTIVE && !started.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the platform did not finish starting within " + timeoutSeconds + " s");
            }
        } finally {
            context.removeFrameworkListener(listener);
        }
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
