package org.korlang.gc.torture;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * "The JVM never crashes", as a property of the public API: random sequences of calls on
 * {@code Heap}, {@code Mutator}, handles, scopes, marks, global handles, blocked regions and
 * {@code Os} — in any order, after close, with forged, interior, misaligned, stale or wild
 * references, foreign threads, protection changes of the heap's own memory — end in documented
 * outcomes only (see {@link FuzzWorld}); the verifier finds nothing at the end.
 *
 * <p>jqwik stateful testing (an {@link ActionChain} over a {@link FuzzWorld}). Not run by Surefire in
 * the build's JVM: {@link HeapApiFuzzTest} runs it in a child JVM ({@link FuzzMain}), so that a crash
 * fails that test instead of killing the build.
 */
class HeapApiFuzz {

    /** The world of the chain being run (one at a time), for cleanup. */
    private static FuzzWorld current;

    @Property(tries = 60)
    void everyCallEndsInADocumentedOutcome(@ForAll("chains") ActionChain<FuzzWorld> chain) {
        try {
            FuzzWorld w = chain.run();
            w.verifyClean();
        } finally {
            if (current != null) {
                current.dispose();
                current = null;
            }
        }
    }

    @Provide
    Arbitrary<ActionChain<FuzzWorld>> chains() {
        Arbitrary<Integer> any = Arbitraries.integers();
        Arbitrary<Long> anyLong = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-1024, 1024));
        Arbitrary<Integer> small = Arbitraries.integers().between(-2, 40);
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(-3, 40),
                Arbitraries.integers().between(1000, 9000), Arbitraries.integers().between(0, Integer.MAX_VALUE));
        return ActionChain.<FuzzWorld>startWith(() -> {
                    current = new FuzzWorld();
                    current.newHeap(0, 16, 1024, true, 1);
                    return current;
                })
                .withAction(2, action(Combinators.combine(any, any, any, Arbitraries.of(true, false), any)
                        .as((p, l, n, v, t) -> Transformer.mutate("newHeap", w -> w.newHeap(p, l % 64, n, v, t)))))
                .withAction(1, action(Arbitraries.of(true, false)
                        .map(real -> Transformer.mutate("close(" + real + ")", w -> w.closeAttempt(real)))))
                .withAction(8, action(Combinators.combine(any, length, small, small)
                        .as((what, len, h0, h1) -> Transformer.mutate("allocate " + what + " " + len,
                                w -> w.allocate(what, len, h0, h1)))))
                .withAction(14, action(Combinators.combine(any, any, any, anyLong, small, anyLong)
                        .as((op, kind, pick, delta, index, value) -> Transformer.mutate("access " + Math.floorMod(op, 22),
                                w -> w.access(op, kind, pick, delta, index, value)))))
                .withAction(8, action(Combinators.combine(any, any, any, anyLong, small)
                        .as((op, kind, pick, delta, which) -> Transformer.mutate("handles " + Math.floorMod(op, 12),
                                w -> w.handles(op, kind, pick, delta, which)))))
                .withAction(4, action(Combinators.combine(any, any, any, anyLong, small, any)
                        .as((op, kind, pick, delta, index, which) -> Transformer.mutate("rootArea " + Math.floorMod(op, 10),
                                w -> w.rootAreas(op, kind, pick, delta, index, which)))))
                .withAction(3, action(Combinators.combine(any, any)
                        .as((op, which) -> Transformer.mutate("safepoint " + Math.floorMod(op, 4),
                                w -> w.safepoints(op, which)))))
                .withAction(2, action(Combinators.combine(any, any, any, anyLong)
                        .as((op, kind, pick, delta) -> Transformer.mutate("foreign call",
                                w -> w.foreignCall(op, kind, pick, delta)))))
                .withAction(1, action(any.map(len -> Transformer.mutate("other mutator", w -> w.otherMutator(len)))))
                .withAction(4, action(Combinators.combine(any, any)
                        .as((op, which) -> Transformer.mutate("heap " + Math.floorMod(op, 9), w -> w.heapCall(op, which)))))
                .withAction(6, action(Combinators.combine(any, any, anyLong, any, any, anyLong)
                        .as((op, which, len, prot, off, value) -> Transformer.mutate("os " + Math.floorMod(op, 12),
                                w -> w.os(op, which, len, prot, off, value)))))
                .withMaxTransformations(120);
    }

    private static Action.Independent<FuzzWorld> action(Arbitrary<Transformer<FuzzWorld>> transformers) {
        return () -> transformers;
    }
}
