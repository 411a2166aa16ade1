package org.korlang.observe.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;

/** The endpoint's writer and the GC event ring. */
class JsonTest {

    @Test
    void commasNestingAndEscapes() {
        String json = new Json().open().name("a").value(1).name("b").strings(List.of("x", "y\"</script>"))
                .name("c").open().name("d").nullValue().name("e").value(true).close().name("f").value(0.5).close().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",\"y\\\"\\u003c/script\\u003e\"],\"c\":{\"d\":null,\"e\":true},\"f\":0.5000}", json);
    }

    @Test
    void theRingHandsOutEachEventOnceAndKeepsTheLatest() {
        GcEventLog log = new GcEventLog();
        for (int i = 1; i <= GcEventLog.CAPACITY + 10; i++) {
            log.collectionFinished(new GcEvent(i, CollectionKind.YOUNG, GcCause.ALLOCATION_FAILURE, "generational",
                    System.nanoTime(), 1000, 10, 100, 10, 0));
        }
        assertEquals(GcEventLog.CAPACITY + 10, log.next());
        List<GcEventLog.Entry> all = log.since(0);
        assertEquals(GcEventLog.CAPACITY, all.size(), "the oldest ten fell out of the ring");
        assertEquals(11, all.get(0).event().sequence());
        assertEquals(List.of(), log.since(log.next()));
        List<GcEventLog.Entry> last = log.since(log.next() - 2);
        assertEquals(2, last.size());
        assertEquals(GcEventLog.CAPACITY + 10, last.get(1).event().sequence());
    }
}
