package org.korlang.sync.internal;

import org.korlang.os.Os;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Enables the Sync component (declared disabled) the first time an Os port serves, and never
 * disables it.
 *
 * Why: SyncComponent binds its Os optionally, so that a port leaving does not take the component,
 * its arena and its primitives down. But an optional reference would also let the Sync service
 * appear before any port, and a consumer making a primitive on SCR's own thread would then wait for
 * a port that this very thread was about to register. Until a port has served once, Sync is
 * therefore not there at all (as with a mandatory reference); after that it stays, whatever the
 * ports do. This gate binds the Os statically and mandatorily: it comes and goes with the ports,
 * which is harmless, because enabling an enabled component does nothing. (The heap has the same
 * gate, org.korlang.gc's FirstPortGate; a gate enables only its own bundle's components.)
 */
@Component(immediate = true, service = {})
public final class SyncPortGate {

    @Activate
    public SyncPortGate(ComponentContext context, @Reference Os port) {
        context.enableComponent(SyncConfig.PID);
    }
}
