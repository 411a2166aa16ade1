package org.korlang.observe.internal.control;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Switches the GC and the scheduler policy through exactly the code of the shell commands
 * {@code gc:policy <name>} and {@code sched:policy <name>}, for the console page and the JMX
 * {@code Policy} attributes.
 *
 * <p>Gogo commands are plain services carrying {@code osgi.command.scope} and
 * {@code osgi.command.function}; Gogo itself finds the function by name on the service object and
 * calls it reflectively. This class does the same, so a switch from the browser or from JConsole is
 * the same call as one typed at the prompt: the GC switch goes through {@code Heap.switchPolicy}
 * with its pause report, both switches are saved through ConfigAdmin (a restart keeps them), and
 * the messages and errors are the shell's. No implementation class of another bundle is
 * named here. A name is checked for shape first (letters, digits, {@code . _ -}), so nothing odd
 * reaches a command; whether such a policy exists is the command's to say.
 */
public final class PolicyControl {

    /** Which policy a switch is for. */
    public enum Target {
        GC("gc"), SCHEDULER("sched");

        private final String scope;

        Target(String scope) {
            this.scope = scope;
        }

        /** {@code gc} or {@code scheduler} (as the page and the JSON name them). */
        public static Target of(String text) {
            if ("gc".equals(text)) {
                return GC;
            }
            if ("scheduler".equals(text) || "sched".equals(text)) {
                return SCHEDULER;
            }
            throw new IllegalArgumentException("unknown policy target '" + text + "': gc or scheduler");
        }
    }

    /** GcPolicy services carry their name in this property (org.korlang.gc.spi.GcPolicy.PROPERTY). */
    private static final String GC_POLICY_SERVICE = "org.korlang.gc.spi.GcPolicy";
    private static final String GC_POLICY_PROPERTY = "gc.policy";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final BundleContext context;

    public PolicyControl(BundleContext context) {
        this.context = context;
    }

    /**
     * Runs {@code <scope>:policy <name>} and returns what the shell would print.
     *
     * @throws IllegalArgumentException a malformed or unknown name (the command's own message)
     * @throws IllegalStateException    the command is not registered, or it failed
     */
    public String switchTo(Target target, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a policy name is 1 to 64 letters, digits, '.', '_' or '-' (got "
                    + (name == null ? "nothing" : "'" + name + "'") + ")");
        }
        ServiceReference<?> ref = command(target.scope, "policy");
        Object commands = context.getService(ref);
        if (commands == null) {
            throw new IllegalStateException(target.scope + ":policy went away; try again");
        }
        try {
            // the commands' one shell entry point, policy(String... args), as Gogo calls it
            Method policy = commands.getClass().getMethod("policy", String[].class);
            return String.valueOf(policy.invoke(commands, (Object) new String[] {name}));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(target.scope + ":policy cannot be called: " + e, e);
        } finally {
            context.ungetService(ref);
        }
    }

    /** The names of the GcPolicy services registered now, sorted. */
    public Set<String> gcPolicies() {
        Set<String> names = new TreeSet<>();
        for (ServiceReference<?> ref : references(GC_POLICY_SERVICE, null)) {
            Object name = ref.getProperty(GC_POLICY_PROPERTY);
            if (name != null) {
                names.add(name.toString());
            }
        }
        return names;
    }

    private ServiceReference<?> command(String scope, String function) {
        List<ServiceReference<?>> refs = references(null,
                "(&(osgi.command.scope=" + scope + ")(osgi.command.function=" + function + "))");
        if (refs.isEmpty()) {
            throw new IllegalStateException("the shell command " + scope + ":" + function + " is not registered (is its bundle active?)");
        }
        return refs.get(0);
    }

    private List<ServiceReference<?>> references(String clazz, String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(clazz, filter);
            if (refs == null) {
                return List.of();
            }
            Arrays.sort(refs, java.util.Collections.reverseOrder()); // highest ranking first
            return List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
