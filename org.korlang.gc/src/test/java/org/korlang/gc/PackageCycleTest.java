package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The gc bundle's packages depend on each other without a cycle (issue #16): the API package
 * ({@code org.korlang.gc}) depends on no other package of the bundle, the internals depend on the API
 * and SPI and never the reverse, and the standalone factory sits above everything.
 *
 * <p>How: {@code jdeps -verbose:package} (the JDK's own class-file dependency analysis, from
 * {@code java.home}'s {@code bin}) over the bundle's compiled classes gives the package graph; its
 * strongly connected components with more than one package are the cycles, and the test fails naming
 * one path around each. Javadoc references do not count (they are not in the class files); every
 * class, field, method and annotation reference does.
 */
class PackageCycleTest {

    private static final String BUNDLE = "org.korlang.gc";

    @Test
    void theGcBundleHasNoPackageCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.size() >= 8 && graph.containsKey("org.korlang.gc.internal.core"),
                "jdeps should have seen the bundle's packages, saw " + graph.keySet());
        assertTrue(graph.get("org.korlang.gc.internal.core").contains(BUNDLE), "jdeps should have seen internal.core use the API: "
                + graph);
        List<List<String>> cycles = cycles(graph);
        if (!cycles.isEmpty()) {
            fail(describe(cycles, graph));
        }
    }

    @Test
    void theApiPackageDependsOnNoOtherPackageOfTheBundle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertEquals(Set.of(), graph.get(BUNDLE), "org.korlang.gc (the API) must not import internal or other gc packages");
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", new TreeSet<>(List.of("b")));
        g.put("b", new TreeSet<>(List.of("c")));
        g.put("c", new TreeSet<>(List.of("a", "d")));
        g.put("d", new TreeSet<>());
        g.put("e", new TreeSet<>(List.of("e"))); // a self-reference is not a cycle between packages
        List<List<String>> cycles = cycles(g);
        assertEquals(List.of(List.of("a", "b", "c", "a")), cycles);
        assertTrue(describe(cycles, g).contains("a -> b -> c -> a"), describe(cycles, g));
        g.get("d").add("c");
        assertEquals(1, cycles(g).size(), "one strongly connected component {a, b, c, d}");
        assertFalse(cycles(Map.of("x", Set.of("y"), "y", Set.of())).iterator().hasNext());
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Package → the other packages of this bundle it depends on, from jdeps over target/classes. */
    private static Map<String, Set<String>> packageGraph() throws IOException, InterruptedException {
        Path classes = Path.of(Heap.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(Files.isDirectory(classes.resolve("org/korlang/gc")), "compiled classes expected at " + classes);
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        if (!Files.isExecutable(jdeps)) {
            fail("no jdeps at " + jdeps + ": the test needs a JDK, not a JRE");
        }
        Process p = new ProcessBuilder(jdeps.toString(), "-verbose:package", "-filter:none", classes.toString())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jdeps did not finish within 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "jdeps failed:\n" + text);
        Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = edge.matcher(line);
            if (!m.matches() || !inBundle(m.group(1))) {
                continue;
            }
            Set<String> to = graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (inBundle(m.group(2)) && !m.group(2).equals(m.group(1))) {
                to.add(m.group(2));
            }
        }
        return graph;
    }

    private static boolean inBundle(String pkg) {
        return pkg.equals(BUNDLE) || pkg.startsWith(BUNDLE + ".");
    }

    /**
     * One cycle per strongly connected component of more than one node (Tarjan), each the shortest
     * path from the component's first node (alphabetically) back to itself.
     */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] next = {0};
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, components, next);
            }
        }
        List<List<String>> cycles = new ArrayList<>();
        for (Set<String> c : components) {
            if (c.size() > 1) {
                cycles.add(shortestLoop(((TreeSet<String>) c).first(), c, graph));
            }
        }
        return cycles;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]);
        next[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, components, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** The shortest path start → … → start inside {@code component} (breadth first). */
    private static List<String> shortestLoop(String start, Set<String> component, Map<String, Set<String>> graph) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
                if (!component.contains(w)) {
                    continue;
                }
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String x = v; x != null; x = parent.get(x)) {
                        path.add(0, x);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new AssertionError("no loop through " + start + " in " + component);
    }

    private static String describe(List<List<String>> cycles, Map<String, Set<String>> graph) {
        StringBuilder sb = new StringBuilder(cycles.size() + " package cycle(s) in the gc bundle:");
        for (List<String> c : cycles) {
            sb.append("\n  ").append(String.join(" -> ", c));
        }
        sb.append("\npackage graph (jdeps -verbose:package):");
        graph.forEach((k, v) -> sb.append("\n  ").append(k).append(" -> ").append(v));
        return sb.toString();
    }
}
