package org.korlang.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When {@code bin/korlang -c} waits for the platform and when it gives up (status 2, the
 * exception's message after {@code korlang: }): a processor with no system-call table is given
 * up on after the short grace in which an OS bundle's own tables register, not after the minute
 * the rest of start-up may take.
 */
class BatchRunnerPatienceTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String NO_TABLE = "the OS port for linux is installed but not serving: no syscall table for linux on riscv64 is registered";

    private final BatchRunner.Patience patience = new BatchRunner.Patience(0, 60 * SECOND, 2 * SECOND, 60);

    @Test
    void nothingMissingMeansStarted() {
        assertFalse(patience.keepWaiting(null, 0));
    }

    @Test
    void aMissingSyscallTableIsWaitedForOnlyTheGraceThenNamed() {
        assertTrue(patience.keepWaiting(NO_TABLE, SECOND), "the OS bundle's own tables may still be registering");
        assertTrue(patience.keepWaiting(NO_TABLE, 2 * SECOND));
        IllegalStateException gaveUp = assertThrows(IllegalStateException.class, () -> patience.keepWaiting(NO_TABLE, 3 * SECOND));
        assertEquals("cannot run: no syscall table for linux on riscv64 is registered (install the port bundle that"
                + " contributes one; korlang:ports tells more)", gaveUp.getMessage());
    }

    @Test
    void theGraceCountsFromWhenTheTableIsTheThingMissing() {
        assertTrue(patience.keepWaiting("org.korlang.os.linux is STARTING", 0));
        assertTrue(patience.keepWaiting("org.korlang.os.linux is STARTING", 10 * SECOND));
        assertTrue(patience.keepWaiting(NO_TABLE, 11 * SECOND));
        assertTrue(patience.keepWaiting(NO_TABLE, 12 * SECOND));
        assertTrue(patience.keepWaiting("the OS port for linux is installed but not serving", 13 * SECOND), "the table came");
        assertTrue(patience.keepWaiting(NO_TABLE, 14 * SECOND), "gone again: a new grace");
        assertThrows(IllegalStateException.class, () -> patience.keepWaiting(NO_TABLE, 16 * SECOND));
    }

    @Test
    void anythingElseIsWaitedForUntilTheTimeout() {
        assertTrue(patience.keepWaiting("start level 3 has not reached org.korlang.vm's 4", 59 * SECOND));
        IllegalStateException gaveUp = assertThrows(IllegalStateException.class,
                () -> patience.keepWaiting("start level 3 has not reached org.korlang.vm's 4", 61 * SECOND));
        assertEquals("the platform did not finish starting within 60 s: start level 3 has not reached org.korlang.vm's 4",
                gaveUp.getMessage());
    }
}
