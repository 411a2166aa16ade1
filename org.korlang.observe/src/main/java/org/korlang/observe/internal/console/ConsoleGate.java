package org.korlang.observe.internal.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Decides, once per start, whether the console's HTTP server runs, and sets it up safely.
 *
 * <p><b>Who starts Jetty.</b> The runs set {@code org.apache.felix.http.require.config=true}: the
 * Felix HTTP Jetty bundle opens no port until configuration {@value #JETTY_PID} exists. This
 * component owns that configuration: at activation it writes it when the console is wanted
 * ({@link ConsoleSettings}) and deletes it otherwise, and deletes it again at deactivation, so a
 * configuration that a killed JVM left in the ConfigAdmin store is replaced before Jetty can use it:
 * the runs start this bundle at a lower start level than Jetty and the Web Console (see
 * {@code cnf/korlang.bndrun}). A {@code bin/korlang -c} batch therefore starts no HTTP server at all.
 *
 * <p><b>Safe by default.</b> Jetty listens on {@value ConsoleSettings#HOST} only. The password is
 * resolved ({@link ConsolePassword}) and the {@link BasicAuthentication} provider registered before
 * Jetty is configured; the Web Console waits for that provider. A bad port, a port already in use
 * (checked by binding it as Jetty would, just before) or a password that cannot be stored gives one
 * line on standard error and leaves the console off — the rest of the platform runs on.
 *
 * <p><b>When the provider is registered.</b> Web Console 5.0.8 fails to start (a
 * NullPointerException in its activator) when a provider it requires is already registered as it
 * starts: its tracker calls back before its configuration exists. So the provider is registered
 * only while the Web Console bundle is active: right away if it already is, else on its
 * {@code STARTED} event, and withdrawn on {@code STARTING} (a restart of the Web Console). Until
 * then the Web Console registers nothing with Jetty: requests get 404, never a default login.
 */
@Component(immediate = true, service = {})
public final class ConsoleGate {

    static final String JETTY_PID = "org.apache.felix.http";

    static final String WEB_CONSOLE = "org.apache.felix.webconsole";

    private final Configuration jetty;
    private final BundleContext context;
    /** Set once, before the bundle listener is added. */
    private volatile SecurityProvider authentication;
    /** Registered while the Web Console is active; guarded by this. */
    private ServiceRegistration<SecurityProvider> provider;
    private final SynchronousBundleListener webConsoleWatcher = this::webConsoleChanged;

    @Activate
    public ConsoleGate(BundleContext context, @Reference ConfigurationAdmin admin) throws IOException {
        this(context, admin, ConsoleSettings.read(context::getProperty, System::getenv),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true)::println);
    }

    ConsoleGate(BundleContext context, ConfigurationAdmin admin, ConsoleSettings settings, Consumer<String> say)
            throws IOException {
        this.context = context;
        jetty = admin.getConfiguration(JETTY_PID, "?");
        String refusal = refusal(settings);
        if (refusal != null) {
            if (settings.enabled()) {
                say.accept("korlang: console off: " + refusal);
            }
            deleteJettyConfiguration();
            return;
        }
        ConsolePassword.Credentials credentials;
        try {
            credentials = ConsolePassword.resolve(settings.password(), settings.home(),
                    note -> say.accept("korlang: console: " + note));
        } catch (IOException e) {
            say.accept("korlang: console off: cannot store its password under " + settings.home() + ": " + e.getMessage());
            deleteJettyConfiguration();
            return;
        }
        authentication = new BasicAuthentication(credentials.user(), credentials.password());
        context.addBundleListener(webConsoleWatcher);
        for (Bundle b : context.getBundles()) {
            if (WEB_CONSOLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                registerProvider();
            }
        }
        jetty.update(jettyProperties(settings.port()));
        say.accept("korlang: console on " + settings.url() + " (user " + credentials.user() + ", password "
                + credentials.origin() + ")");
    }

    private void webConsoleChanged(BundleEvent event) {
        if (!WEB_CONSOLE.equals(event.getBundle().getSymbolicName())) {
            return;
        }
        if (event.getType() == BundleEvent.STARTED) {
            registerProvider();
        } else if (event.getType() == BundleEvent.STARTING || event.getType() == BundleEvent.STOPPED) {
            unregisterProvider();
        }
    }

    private synchronized void registerProvider() {
        if (provider == null && authentication != null) {
            Dictionary<String, Object> id = new Hashtable<>();
            id.put(SecurityProvider.PROPERTY_ID, BasicAuthentication.PROVIDER_ID);
            provider = context.registerService(SecurityProvider.class, authentication, id);
        }
    }

    private synchronized void unregisterProvider() {
        if (provider != null) {
            try {
                provider.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
            provider = null;
        }
    }

    /** Why the console stays off, or null when it may start. */
    static String refusal(ConsoleSettings settings) {
        if (!settings.enabled()) {
            return "not asked for";
        }
        if (settings.problem() != null) {
            return settings.problem();
        }
        if (!portFree(settings.port())) {
            return "port " + settings.port() + " on " + ConsoleSettings.HOST
                    + " is already in use (set KORLANG_HTTP_PORT to a free port)";
        }
        return null;
    }

    /** Binds the port on the console's host as Jetty will (address reuse on) and lets it go. */
    static boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(ConsoleSettings.HOST), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    static Dictionary<String, Object> jettyProperties(int port) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.host", ConsoleSettings.HOST);
        p.put("org.osgi.service.http.port", port);
        p.put("org.apache.felix.http.enable", true);
        p.put("org.apache.felix.https.enable", false);
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        p.put("korlang.console", "managed by org.korlang.observe (bin/korlang, KORLANG_HTTP_PORT)");
        return p;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(webConsoleWatcher);
        deleteJettyConfiguration();
        unregisterProvider();
    }

    private void deleteJettyConfiguration() {
        try {
            if (jetty.getProperties() != null) {
                jetty.delete();
            }
        } catch (IOException | IllegalStateException e) {
            // ConfigAdmin is stopping; the next start replaces the configuration before Jetty runs
        }
    }
}
