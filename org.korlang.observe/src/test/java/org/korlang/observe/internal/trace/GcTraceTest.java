package org.korlang.observe.internal.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;

/** The trace line's format and its switch. */
class GcTraceTest {

    @Test
    void oneLineWithNumberUptimePolicyKindCauseSizesAndPause() {
        GcEvent e = new GcEvent(12, CollectionKind.YOUNG, GcCause.ALLOCATION_FAILURE, "generational", 0, 3_456_000, 20_000,
                48_024_780, 14_470_348, 1_258_291);
        assertEquals("gc 12 @3.456s generational young allocation_failure: 45.8M->13.8M (limit 256.0M), promoted 1.2M, "
                + "pause 3.46ms (safepoint 0.02ms)", GcTrace.line(e, 3.456, 256L << 20));
    }

    @Test
    void theEnvironmentSwitchIsOnForAnythingButEmptyOrZero() {
        assertTrue(GcTrace.switchedOn("1"));
        assertTrue(GcTrace.switchedOn("yes"));
        assertFalse(GcTrace.switchedOn(null));
        assertFalse(GcTrace.switchedOn(""));
        assertFalse(GcTrace.switchedOn("0"));
    }
}
