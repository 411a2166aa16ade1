package org.korlang.gc.internal.osgi;

import org.korlang.os.Os;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Enables the heap component (declared disabled) the first time an Os port serves, and never
 * disables it.
 *
 * Why: the heap binds its Os optionally, so that a port leaving does not take the heap and its
 * objects down (PortHandle). But an optional reference would also let the Heap service appear
 * before any port, and a consumer calling it from SCR's own thread would then wait for a port that
 * this very thread was about to register. Until a port has served once, the heap is therefore not
 * there at all (as with a mandatory reference); after that it stays, whatever the ports do. This
 * gate binds the Os statically and mandatorily: it comes and goes with the ports, which is harmless,
 * because enabling an enabled component does nothing.
 */
@Component(immediate = true, service = {})
public final class FirstPortGate {

    @Activate
    public FirstPortGate(ComponentContext context, @Reference Os port) {
        context.enableComponent(HeapComponent.class.getName());
    }
}
