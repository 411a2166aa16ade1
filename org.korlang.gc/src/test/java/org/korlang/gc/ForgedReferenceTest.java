package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reference is accepted only where an object starts. Forged interior pointers — an address inside
 * a {@code long[]} whose elements were made to look exactly like an object (a header copied from
 * {@link TypeId#header()}, an array length) — are refused by every accessor and every store, at
 * every offset, whatever the header looks like; so is an address where an object died. The heap
 * graph stays sound (the verifier passes) and the forging array keeps its contents.
 */
class ForgedReferenceTest {

    @ParameterizedTest
    @CsvSource({"generational,false", "generational,true", "marksweep,false", "marksweep,true"})
    void forgedInteriorPointersAreRefused(String policy, boolean verify) {
        HeapConfig config = HeapFixture.small().policy(policy).verify(verify).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            long node = m.allocate(f.node);
            int nodeHandle = s.handle(node);
            long carrier = m.allocateArray(f.longs, 64);
            // element i lies at carrier + 16 + 8 i: make elements look like a Node, a long[] and an Object[]
            m.putLongElement(carrier, 1, f.node.header());
            m.putLongElement(carrier, 10, f.longs.header());
            m.putLongElement(carrier, 11, 1_000_000); // the forged array's length
            m.putLongElement(carrier, 20, f.refs.header());
            m.putLongElement(carrier, 21, 1_000_000);
            long fakeNode = carrier + 16 + 8;
            long fakeLongs = carrier + 16 + 80;
            long fakeRefs = carrier + 16 + 160;
            for (long fake : new long[] {fakeNode, fakeLongs, fakeRefs}) {
                assertThrows(InvalidReferenceException.class, () -> m.typeOf(fake), "typeOf");
                assertThrows(InvalidReferenceException.class, () -> m.handle(fake), "handle");
                assertThrows(InvalidReferenceException.class, () -> m.newGlobal(fake), "newGlobal");
                assertThrows(InvalidReferenceException.class, () -> m.putRef(m.get(nodeHandle), 0, fake), "stored in a field");
                assertThrows(InvalidReferenceException.class, () -> m.length(fake), "length");
            }
            assertThrows(InvalidReferenceException.class, () -> m.getRef(fakeNode, 0), "getRef");
            assertThrows(InvalidReferenceException.class, () -> m.putRef(fakeNode, 1, node), "putRef");
            assertThrows(InvalidReferenceException.class, () -> m.getLong(fakeNode, 2), "getLong");
            assertThrows(InvalidReferenceException.class, () -> m.putLong(fakeNode, 2, 5), "putLong");
            assertThrows(InvalidReferenceException.class, () -> m.getLongElement(fakeLongs, 500_000), "forged length");
            assertThrows(InvalidReferenceException.class, () -> m.putLongElement(fakeLongs, 3, 5), "forged array");
            assertThrows(InvalidReferenceException.class, () -> m.putRefElement(fakeRefs, 0, node), "forged ref array");
            // every other interior offset of real objects too
            for (int off = 8; off < 16 + 64 * 8; off += 8) {
                long fake = carrier + off;
                assertThrows(InvalidReferenceException.class, () -> m.typeOf(fake), "offset " + off);
            }
            for (int off = 8; off < 32; off += 8) {
                long fake = node + off;
                assertThrows(InvalidReferenceException.class, () -> m.getLong(fake, 0), "offset " + off + " in a Node");
            }
            assertEquals(f.node.header(), m.getLongElement(carrier, 1), "the carrier is untouched");
            assertEquals(1_000_000, m.getLongElement(carrier, 21));
            f.heap.verify();
        }
    }

    /** Where an object died and its memory was reused, a reference to it no longer passes. */
    @ParameterizedTest
    @CsvSource({"generational", "marksweep"})
    void addressesOfDeadObjectsAreRefused(String policy) {
        HeapConfig config = HeapFixture.small().policy(policy).verify(false).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            long[] dead = new long[200];
            for (int i = 0; i < dead.length; i++) {
                dead[i] = m.allocateArray(f.longs, 5 + i % 7);
            }
            f.heap.collect(CollectionKind.FULL);
            f.heap.collect(CollectionKind.FULL);
            // reuse the memory with differently sized objects so old starts land inside new ones
            int keep = s.handle(m.allocateArray(f.refs, 2000));
            for (int i = 0; i < 2000; i++) {
                m.putRefElement(m.get(keep), i, m.allocateArray(f.longs, 2 + i % 13));
            }
            int refused = 0;
            for (long d : dead) {
                try {
                    m.typeOf(d);
                } catch (InvalidReferenceException e) {
                    refused++;
                }
            }
            // a dead address may begin a new object (then it is that object); never the middle of one
            for (int i = 0; i < 2000; i++) {
                long a = m.getRefElement(m.get(keep), i);
                for (long d : dead) {
                    if (d > a && d < a + 16 + 8L * (2 + i % 13)) {
                        long inside = d;
                        assertThrows(InvalidReferenceException.class, () -> m.typeOf(inside), "inside a live array");
                    }
                }
            }
            assertEquals(true, refused > 0, "some dead addresses are refused");
            f.heap.verify();
        }
    }
}
