package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Ports come and go: stopping the arch bundle takes the Os service away (nothing crashes, the
 * platform says what is missing), starting it brings both back, and they work again.
 */
class PortLifecycleTest {

    private static final String LINUX = "(" + Os.OS_NAME + "=linux)";
    private static final String X86_64 = "(" + Arch.PROCESSOR + "=x86_64)";

    private final BundleContext context = Services.context();

    @Test
    void stoppingTheArchBundleTakesTheOsAwayAndStartingItBringsItBack() throws Exception {
        Services.await(context, Os.class, LINUX);
        Bundle arch = Services.bundle(context, "org.korlang.arch.x86_64");
        arch.stop();
        try {
            Services.awaitAbsent(context, Arch.class, X86_64);
            Services.awaitAbsent(context, Os.class, LINUX);
            String ports = Shell.run(context, "korlang:ports");
            assertTrue(ports.contains("waiting: no Arch service for x86_64"), ports);
        } finally {
            arch.start();
        }
        Os os = Services.await(context, Os.class, LINUX);
        assertEquals(ProcessHandle.current().pid(), os.getpid(), "the returned Os makes real syscalls again");
    }

    @Test
    void stoppingTheOsBundleLeavesTheArchServing() throws Exception {
        Bundle linux = Services.bundle(context, "org.korlang.os.linux");
        linux.stop();
        try {
            Services.awaitAbsent(context, Os.class, LINUX);
            assertTrue(Services.present(context, Arch.class, X86_64));
        } finally {
            linux.start();
        }
        Services.await(context, Os.class, LINUX);
    }
}
