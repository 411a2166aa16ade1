package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random object graphs against a plain-Java model. Each step (allocate, link, unlink, set a value,
 * drop a root, make garbage, minor or full collection) is applied to both; after every step the
 * graph reachable from the roots must be the same shape with the same values (checksum and
 * reachable set), with the verifier running before and after every collection and a small nursery
 * so that allocation triggers collections too. After a full collection the occupancy must be
 * bounded by what is reachable (unreachable objects are reclaimed). Every policy of this bundle runs it
 * (the starting policy is a parameter), and one step switches the live heap to another policy.
 */
class GraphProperties {

    /** Model node: id, value, children (2 for nodes, k for vectors; -1 = null), payload length (vectors). */
    record ModelNode(int id, long[] value, int[] children, int payload) {
    }

    private static final int OPS = 13;
    private static final String[] POLICIES = {"generational", "marksweep"};

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(POLICIES);
    }

    @Provide
    Arbitrary<List<int[]>> programs() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(4).list().ofMinSize(20)
                .ofMaxSize(160);
    }

    @Property(tries = 40)
    void heapGraphMatchesTheModel(@ForAll("policies") String policy, @ForAll("programs") List<int[]> program) {
        HeapConfig config = HeapConfig.builder().policy(policy).heapLimitBytes(16L << 20).nurseryBytes(256L << 10)
                .survivorBytes(64L << 10).tlabBytes(8L << 10).tenuringThreshold(2).verify(true).gcThreads(2).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach()) {
            TypeId gnode = f.heap.registerType(TypeLayout.fixed("GNode").slots(4).references(2, 3).build());
            TypeId gvec = f.heap.registerType(TypeLayout.fixed("GVec").slots(4).references(2, 3).build());
            Map<Integer, ModelNode> model = new HashMap<>();
            List<Integer> rootIds = new ArrayList<>();
            List<GlobalHandle> roots = new ArrayList<>();
            int nextId = 1;
            for (int[] op : program) {
                int code = op[0] % OPS;
                List<Integer> live = reachable(model, rootIds);
                switch (code) {
                    case 0, 1, 2 -> { // allocate a node or a vector and make it a root
                        int id = nextId++;
                        boolean vec = code == 2;
                        int k = vec ? 1 + op[1] % 6 : 2;
                        int payload = vec ? op[2] % 40 : 0;
                        long value = op[3];
                        long obj = vec ? newVector(m, f, gvec, id, value, k, payload) : newNode(m, gnode, id, value);
                        int[] children = new int[k];
                        java.util.Arrays.fill(children, -1);
                        model.put(id, new ModelNode(id, new long[] {value}, children, payload));
                        roots.add(m.newGlobal(obj));
                        rootIds.add(id);
                    }
                    case 3, 4 -> { // link a -> b
                        if (!live.isEmpty()) {
                            ModelNode a = model.get(live.get(op[1] % live.size()));
                            int b = live.get(op[2] % live.size());
                            int slot = op[3] % a.children().length;
                            a.children()[slot] = b;
                            setChild(m, find(m, roots, rootIds, model, a.id()), slot, find(m, roots, rootIds, model, b));
                        }
                    }
                    case 5 -> { // unlink
                        if (!live.isEmpty()) {
                            ModelNode a = model.get(live.get(op[1] % live.size()));
                            int slot = op[3] % a.children().length;
                            a.children()[slot] = -1;
                            setChild(m, find(m, roots, rootIds, model, a.id()), slot, 0);
                        }
                    }
                    case 6 -> { // set a value
                        if (!live.isEmpty()) {
                            ModelNode a = model.get(live.get(op[1] % live.size()));
                            a.value()[0] = op[2];
                            m.putLong(find(m, roots, rootIds, model, a.id()), 1, op[2]);
                        }
                    }
                    case 7 -> { // drop a root
                        if (!rootIds.isEmpty()) {
                            int i = op[1] % rootIds.size();
                            rootIds.remove(i);
                            roots.remove(i).close();
                        }
                    }
                    case 8 -> { // garbage: trees that die at once (fills the nursery, triggers collections)
                        for (int i = 0; i < 1 + op[1] % 4; i++) {
                            HeapFixture.tree(m, f.node, 6 + op[2] % 4, new long[] {0});
                        }
                    }
                    case 9 -> f.heap.collect(CollectionKind.YOUNG);
                    case 10 -> f.heap.collect(CollectionKind.FULL);
                    case 12 -> f.heap.switchPolicy(POLICIES[op[1] % POLICIES.length]); // live policy switch
                    default -> { // root a reachable node again (old-to-young stores come from links to new nodes)
                        if (!live.isEmpty()) {
                            int id = live.get(op[1] % live.size());
                            roots.add(m.newGlobal(find(m, roots, rootIds, model, id)));
                            rootIds.add(id);
                        }
                    }
                }
                check(m, model, rootIds, roots);
                if (code == 10 || code == 12) { // after a full collection or a policy switch
                    long bound = 0;
                    for (int id : reachable(model, rootIds)) {
                        ModelNode n = model.get(id);
                        bound += n.children().length == 2 && n.payload() == 0 ? 48 : 48 + 16 + 8L * 6 + 16 + 8L * 40;
                    }
                    HeapStats s = f.heap.stats();
                    // every reachable object may sit in a cell of up to 1.25x (plus a partially used block per class)
                    assertTrue(s.usedBytes() <= bound * 2 + (1 << 20), "after a full collection " + s.usedBytes()
                            + " bytes are in use for " + bound + " reachable bytes");
                }
            }
            roots.forEach(GlobalHandle::close);
        }
    }

    private static long newNode(Mutator m, TypeId gnode, int id, long value) {
        long n = m.allocate(gnode);
        m.putLong(n, 0, id);
        m.putLong(n, 1, value);
        return n;
    }

    private static long newVector(Mutator m, HeapFixture f, TypeId gvec, int id, long value, int k, int payload) {
        try (HandleScope s = m.openScope()) {
            int arr = s.handle(m.allocateArray(f.refs, k));
            int data = s.handle(payload > 0 ? m.allocateArray(f.longs, payload) : 0);
            for (int i = 0; i < payload; i++) {
                m.putLongElement(m.get(data), i, id * 1000L + i);
            }
            long v = m.allocate(gvec);
            m.putLong(v, 0, id);
            m.putLong(v, 1, value);
            m.putRef(v, 2, m.get(arr));
            m.putRef(v, 3, m.get(data));
            return v;
        }
    }

    private static boolean isVector(Mutator m, long obj) {
        return m.typeOf(obj).name().equals("GVec");
    }

    private static void setChild(Mutator m, long obj, int slot, long child) {
        if (isVector(m, obj)) {
            m.putRefElement(m.getRef(obj, 2), slot, child);
        } else {
            m.putRef(obj, 2 + slot, child);
        }
    }

    private static long child(Mutator m, long obj, int slot) {
        return isVector(m, obj) ? m.getRefElement(m.getRef(obj, 2), slot) : m.getRef(obj, 2 + slot);
    }

    private static int arity(Mutator m, long obj) {
        return isVector(m, obj) ? m.length(m.getRef(obj, 2)) : 2;
    }

    /** The heap object of a reachable model node, found by walking from the roots. */
    private static long find(Mutator m, List<GlobalHandle> roots, List<Integer> rootIds, Map<Integer, ModelNode> model,
            int id) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        for (GlobalHandle g : roots) {
            work.add(m.get(g));
        }
        while (!work.isEmpty()) {
            long o = work.pop();
            if (o == 0 || !seen.add(o)) {
                continue;
            }
            if (m.getLong(o, 0) == id) {
                return o;
            }
            for (int i = 0; i < arity(m, o); i++) {
                work.push(child(m, o, i));
            }
        }
        throw new AssertionError("node " + id + " is reachable in the model but not in the heap");
    }

    private static List<Integer> reachable(Map<Integer, ModelNode> model, List<Integer> rootIds) {
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> work = new ArrayDeque<>(rootIds);
        while (!work.isEmpty()) {
            int id = work.pop();
            if (id < 0 || !seen.add(id)) {
                continue;
            }
            out.add(id);
            for (int c : model.get(id).children()) {
                work.push(c);
            }
        }
        out.sort(null);
        return out;
    }

    /** Walks heap and model in lock step from every root; structure, values and payloads must match. */
    private static void check(Mutator m, Map<Integer, ModelNode> model, List<Integer> rootIds, List<GlobalHandle> roots) {
        Map<Integer, Long> placed = new HashMap<>();
        ArrayDeque<long[]> work = new ArrayDeque<>();
        for (int i = 0; i < roots.size(); i++) {
            work.push(new long[] {rootIds.get(i), m.get(roots.get(i))});
        }
        long checksum = 0;
        while (!work.isEmpty()) {
            long[] pair = work.pop();
            int id = (int) pair[0];
            long obj = pair[1];
            if (id < 0) {
                assertEquals(0, obj, "model has null here");
                continue;
            }
            assertTrue(obj != 0, "node " + id + " lost");
            Long at = placed.get(id);
            if (at != null) {
                assertEquals(at.longValue(), obj, "node " + id + " is reached as two different heap objects");
                continue;
            }
            placed.put(id, obj);
            ModelNode n = model.get(id);
            assertEquals(id, m.getLong(obj, 0));
            assertEquals(n.value()[0], m.getLong(obj, 1), "value of node " + id);
            assertEquals(n.children().length, arity(m, obj));
            if (n.payload() > 0) {
                long data = m.getRef(obj, 3);
                assertEquals(n.payload(), m.length(data));
                for (int i = 0; i < n.payload(); i++) {
                    assertEquals(id * 1000L + i, m.getLongElement(data, i));
                }
            }
            checksum = checksum * 31 + id * 17 + n.value()[0];
            for (int i = 0; i < n.children().length; i++) {
                work.push(new long[] {n.children()[i], child(m, obj, i)});
            }
        }
        assertEquals(new HashSet<>(reachable(model, rootIds)), placed.keySet(), "reachable sets differ");
        assertTrue(checksum != 0 || placed.isEmpty());
    }
}
