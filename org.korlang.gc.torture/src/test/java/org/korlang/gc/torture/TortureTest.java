package org.korlang.gc.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The torture's short CI run: 12 seconds on each policy alone and 12 seconds switching among all
 * three, three mutators, verify on (the heap verifier before and after every collection and switch).
 * The long run is {@code bin/soak}.
 */
class TortureTest {

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep", "semispace", "generational,marksweep,semispace"})
    void mutatorsChurnCheckedGraphsThroughCollectionsExhaustionAndSwitches(String policies) {
        List<String> list = Arrays.asList(policies.split(","));
        long seed = Long.getLong("torture.seed", 20261204L) + policies.hashCode();
        Torture.Config c = Torture.Config.ci(list, Duration.ofSeconds(12), 3, seed);
        Torture.Report r = Torture.run(c, TortureOs.linux(), System.out);
        assertTrue(r.objectsChecked() > 1000, "objects were checked: " + r);
        assertTrue(r.minorCollections() + r.fullCollections() > 20, "collections ran: " + r);
        assertTrue(r.allocations() > 10_000, "the mutators allocated: " + r);
        if (list.size() > 1) {
            assertTrue(r.switches() > 10, "the policy was switched: " + r);
        }
    }
}
