package org.korlang.gc;

import java.util.OptionalLong;

import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.standalone.Heaps;

/**
 * Policies for tests, made from the built-in ones: a policy under another name whose plans are a
 * built-in policy's, which never adopts a previous plan — so a switch to it retires the old plan (or
 * copies, while an earlier switch's retired plan still holds objects), the way to and from any policy
 * that does not share the built-in ones' spaces, e.g. semispace — and which may declare its own plan
 * window.
 */
final class TestPolicies {

    private TestPolicies() {
    }

    /** The built-in policy named {@code name}. */
    static GcPolicy builtIn(String name) {
        return Heaps.builtInPolicies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A policy named {@code name} whose plans are built-in {@code inner}'s, never adopting, declaring
     * {@code windowBytes} per plan ({@link GcPolicy#windowBytes}'s default when empty).
     */
    static GcPolicy nonAdopting(String name, String inner, OptionalLong windowBytes) {
        GcPolicy plans = builtIn(inner);
        return new GcPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long windowBytes(HeapConfig config) {
                return windowBytes.isPresent() ? windowBytes.getAsLong() : GcPolicy.super.windowBytes(config);
            }

            @Override
            public GcPlan createPlan(HeapContext context) {
                return plans.createPlan(context);
            }
        };
    }
}
