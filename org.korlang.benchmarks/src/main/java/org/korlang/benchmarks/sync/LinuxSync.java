package org.korlang.benchmarks.sync;

import org.korlang.os.Os;
import org.korlang.sync.BlockingHook;
import org.korlang.sync.FutexSync;
import org.korlang.sync.SyncOptions;
import org.korlang.testkit.HostPorts;

/*
 * The sync primitives outside OSGi for the benchmarks: the real Linux port over the real x86_64
 * arch shim (raw syscall instruction), and a FutexSync with default options over it — exactly
 * what the Sync service is inside the platform, minus the DS wrapper.
 */
final class LinuxSync {
    private LinuxSync() {}

    static FutexSync create() {
        return create(SyncOptions.DEFAULTS.spinLimit());
    }

    static FutexSync create(int spinLimit) {
        Os os = HostPorts.os();
        return new FutexSync(os, SyncOptions.DEFAULTS.withSpinLimit(spinLimit), BlockingHook.NONE);
    }
}
