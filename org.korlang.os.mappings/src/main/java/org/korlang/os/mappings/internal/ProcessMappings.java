package org.korlang.os.mappings.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.korlang.os.mappings.MappingRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/*
 * The process's one MappingRegistry, offered as a service to every OS port.
 *
 * Why a bundle of its own: the registry used to be a static field of each OS port's component
 * class, so every bundle revision had its own. After an update of org.korlang.os.linux the new
 * revision's Os did not know the ranges mapped through the old one and refused them (sync's futex
 * words, for instance). Here the registry lives beside the ports, in a bundle that changes when the
 * registry changes, not when a port does; every OS port component (each revision of
 * org.korlang.os.linux and org.korlang.os.macos, any second Linux port bundle) binds this service
 * with a mandatory, static reference instead of making its own.
 *
 * Lifetime: the registry is held by this class (REGISTRY), so it lives as long as this bundle's
 * revision (its class loader), not as long as one component instance: a stop/start of
 * org.korlang.os.mappings, or a disable/enable of this component, registers the same registry again
 * with every range, hold, lease and pin it had. It is data this bundle owns and provides, not a
 * service it consumes (the platform's rule against static singletons is about holding services).
 * For the same reason DS does not register it: DS registers the component instance, which is made
 * anew on each activation; activate registers REGISTRY itself and deactivate unregisters it
 * (bnd.bnd declares the osgi.service capability, which the ports' reference requires when the
 * platform is resolved).
 *
 * Departure: when the service goes away every OS port component deactivates (its reference is
 * mandatory and static), so the Os services go and consumers wait for a port as for any port's
 * departure; Os objects they still hold (the heap keeps its old port) go on working on the same
 * registry object. When this bundle starts again, the ports return over the same registry: nothing
 * is lost. An update or uninstall of this bundle is different: a new revision has new classes and
 * so a new, empty registry. The OS port bundles stay wired to the old revision's package until the
 * framework is refreshed (`refresh` in the shell); depending on how the framework wires the new
 * revision (bnd lets it import its own package, so it may use the old revision's, still in use) the
 * ports return at once or only after that refresh, and either way over the new registry, which does
 * not know the ranges mapped before it — those stay mapped
 * (their owners hold them) but the new ports refuse them, as an updated port did before this bundle
 * existed. That is never silent: deactivate logs a warning with what the registry still holds
 * (departureNote) — except when the whole framework is stopping, where the process's mappings end
 * with it and a warning on every exit would only be noise. Nothing can carry a live registry (locks, leases tied to buffers by a Cleaner)
 * from one class loader to another, so this bundle exports only this one small package and should
 * not need updating while a process runs.
 */

/** Registers the process's one {@link MappingRegistry} as a service while this bundle is active. */
@Component(immediate = true, service = {})
public final class ProcessMappings {

    private static final System.Logger LOG = System.getLogger(ProcessMappings.class.getName());

    /** The registry of this bundle revision: every activation registers this same object. */
    static final MappingRegistry REGISTRY = new MappingRegistry();

    private ServiceRegistration<MappingRegistry> registration;

    /** Registers {@link #REGISTRY} as the {@link MappingRegistry} service. */
    @Activate
    void activate(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MappingRegistry.SCOPE_PROPERTY, "process");
        registration = context.registerService(MappingRegistry.class, REGISTRY, properties);
    }

    /** Unregisters it; says what a registry still in use would lose if this revision goes for good. */
    @Deactivate
    void deactivate(BundleContext context) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
        registration = null;
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        boolean processEnds = framework != null && framework.getState() == Bundle.STOPPING;
        String note = departureNote(REGISTRY.usage(), processEnds);
        if (note != null) {
            LOG.log(System.Logger.Level.WARNING, note);
        }
    }

    /**
     * The warning for a registry that still holds {@code usage} as its service leaves; null if it
     * holds nothing, or if the process's framework is stopping ({@code processEnds}).
     */
    static String departureNote(MappingRegistry.Usage usage, boolean processEnds) {
        if (usage.isEmpty() || processEnds) {
            return null;
        }
        return "org.korlang.os.mappings: the process's mapping registry leaves while it records " + usage
                + ". The OS ports stop serving until it returns; a start of this same bundle revision brings back the"
                + " same registry, but after an update or uninstall of org.korlang.os.mappings (and a refresh) the OS"
                + " ports serve over a new, empty registry and refuse these ranges (they stay mapped; whoever mapped"
                + " them still holds them through the old port objects)";
    }
}
