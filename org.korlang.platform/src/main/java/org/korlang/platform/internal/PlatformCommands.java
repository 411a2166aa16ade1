package org.korlang.platform.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.korlang.os.Os;
import org.korlang.os.Uname;
import org.korlang.shell.common.UsageException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code korlang:} shell commands about the machine and its ports.
 *
 * <ul>
 * <li>{@code korlang:os} — the OS and processor, page size, and the pid and tid read by raw system
 * call through the {@code Os} service, and the port bundles that serve them. Fails with a message
 * naming what is missing when no {@code Os} serves this machine.
 * <li>{@code korlang:ports} — every OS and arch bundle installed, whether it serves, and why not.
 * </ul>
 *
 * <p>Each command takes {@code String... args} and answers extra arguments with its one-line usage
 * ({@link UsageException}) rather than Gogo's "Cannot coerce".
 *
 * <p>Commands print to {@code System.out} (which Gogo routes to the calling session) so that a
 * batch {@code cmd1; cmd2} shows every command's output; a failure is an exception, which the
 * shell and {@code bin/korlang -c} report and turn into a non-zero exit. The {@code Os} service is
 * looked up on every call rather than held, because ports may come and go between two commands.
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=korlang",
        "osgi.command.function=os",
        "osgi.command.function=ports" })
public final class PlatformCommands {

    private final BundleContext context;

    @Activate
    public PlatformCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("Show this machine as the OS port sees it: OS, processor, page size, pid and tid by raw system "
            + "call, the serving ports (usage: korlang:os)")
    public void os(@Descriptor("none") String... args) {
        if (args.length != 0) {
            throw new UsageException("usage: korlang:os");
        }
        os(System.out);
    }

    @Descriptor("Show every OS and arch port bundle, whether it serves, and why not (usage: korlang:ports)")
    public void ports(@Descriptor("none") String... args) {
        if (args.length != 0) {
            throw new UsageException("usage: korlang:ports");
        }
        System.out.print(PortReport.of(context, machine()).format());
    }

    void os(PrintStream out) {
        List<ServiceReference<?>> refs = PortReport.references(context, Os.class, "(" + Os.OS_NAME + "=" + machine().os() + ")");
        if (refs.isEmpty()) {
            PortReport report = PortReport.of(context, machine());
            throw new IllegalStateException("no Os service serves " + machine().os() + " on " + machine().processor()
                    + ": " + String.join("; ", report.missing()) + " (see korlang:ports)");
        }
        @SuppressWarnings("unchecked")
        ServiceReference<Os> ref = (ServiceReference<Os>) refs.get(0);
        Os os = context.getService(ref);
        if (os == null) {
            throw new IllegalStateException("the Os service went away while korlang:os ran; try again");
        }
        try {
            Uname uname = os.uname();
            List<String> ports = new ArrayList<>();
            for (PortReport.Line line : PortReport.of(context, machine()).lines()) {
                if (line.serving()) {
                    ports.add(line.port().bundle().getSymbolicName() + " " + line.port().bundle().getVersion());
                }
            }
            out.printf("os         %s (%s %s)%n", os.name(), uname.sysname(), uname.release());
            out.printf("arch       %s (%s)%n", os.archName(), uname.machine());
            out.printf("page size  %d%n", os.pageSize());
            out.printf("pid        %d%n", os.getpid());
            out.printf("tid        %d%n", os.gettid());
            out.printf("ports      %s%n", String.join(", ", ports));
        } finally {
            context.ungetService(ref);
        }
    }

    /** This machine, its processor named by the ports present now (they come and go). */
    private Machine machine() {
        return Machine.current(context);
    }
}
