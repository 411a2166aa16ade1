package org.korlang.gc.torture;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.korlang.gc.HeapConfig;

/**
 * The long torture: rounds of {@link Torture} until a deadline, each round with a fresh heap whose
 * configuration is drawn from the seed (limit 24..96 MiB, nursery, survivor, TLAB, tenuring, GC
 * threads, verify on or off, sometimes GC-stress), random switches among the chosen policies and a
 * random starting one. Prints a line per round and a summary; exits 1 at the first failure, with
 * the round's configuration and seed, so that it can be repeated.
 *
 * <pre>
 * bin/soak [--minutes 30] [--policies generational,marksweep,semispace] [--mutators 4]
 *          [--seed N] [--round-seconds 60]
 * </pre>
 */
public final class Soak {

    private Soak() {
    }

    public static void main(String[] args) {
        double minutes = 30;
        List<String> policies = List.of("generational", "marksweep", "semispace");
        int mutators = 4;
        long seed = System.nanoTime();
        int roundSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--minutes" -> minutes = Double.parseDouble(need(a, v));
                case "--policies" -> policies = Arrays.asList(need(a, v).split(","));
                case "--mutators" -> mutators = Integer.parseInt(need(a, v));
                case "--seed" -> seed = Long.parseLong(need(a, v));
                case "--round-seconds" -> roundSeconds = Integer.parseInt(need(a, v));
                case "-h", "--help" -> {
                    System.out.println("usage: bin/soak [--minutes M] [--policies p1,p2,..] [--mutators N] [--seed S] "
                            + "[--round-seconds R]");
                    return;
                }
                default -> {
                    System.err.println("soak: unknown argument " + a + " (--help)");
                    System.exit(2);
                }
            }
            i++;
        }
        for (String p : policies) {
            TortureOs.policy(p); // unknown names fail before the run
        }
        System.exit(soak(Duration.ofMillis((long) (minutes * 60_000)), policies, mutators, seed, roundSeconds) ? 0 : 1);
    }

    private static String need(String option, String value) {
        if (value == null) {
            System.err.println("soak: " + option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    /** Runs rounds until {@code total} has passed; true if every round was clean. */
    static boolean soak(Duration total, List<String> policies, int mutators, long seed, int roundSeconds) {
        System.out.printf(Locale.ROOT, "soak: %s for %.1f min, policies %s, %d mutators, seed %d%n",
                Runtime.version(), total.toMillis() / 60000.0, policies, mutators, seed);
        Random rnd = new Random(seed);
        long end = System.nanoTime() + total.toNanos();
        Torture.Report sum = Torture.Report.zero();
        int round = 0;
        while (System.nanoTime() < end) {
            round++;
            long left = Math.max(5, (end - System.nanoTime()) / 1_000_000_000L);
            Torture.Config c = roundConfig(rnd, policies, mutators, Duration.ofSeconds(Math.min(roundSeconds, left)));
            try {
                Torture.Report r = Torture.run(c, TortureOs.linux(), null);
                sum = sum.plus(r);
                System.out.printf(Locale.ROOT, "round %d clean: %s%n    (%s)%n", round, r, c);
            } catch (Throwable t) {
                System.out.printf(Locale.ROOT, "round %d FAILED (%s)%n", round, c);
                t.printStackTrace(System.out);
                System.out.println("soak: FAILED after " + (round - 1) + " clean rounds: " + sum);
                return false;
            }
        }
        System.out.println("soak: clean, " + round + " rounds: " + sum);
        return true;
    }

    /** A configuration for one round, drawn from {@code rnd}. */
    static Torture.Config roundConfig(Random rnd, List<String> policies, int mutators, Duration duration) {
        String first = policies.get(rnd.nextInt(policies.size()));
        List<String> order = new java.util.ArrayList<>(policies);
        order.remove(first);
        order.add(0, first);
        long nursery = (1L << 20) << rnd.nextInt(4); // 1..8 MiB
        long tlab = Math.min(nursery / 4, (16L << 10) << rnd.nextInt(5)); // 16..256 KiB
        HeapConfig heap = HeapConfig.builder()
                .heapLimitBytes((24L + 8 * rnd.nextInt(10)) << 20)
                .nurseryBytes(nursery)
                .survivorBytes(Math.max(64L << 10, nursery / (4 << rnd.nextInt(3))))
                .tlabBytes(tlab)
                .tenuringThreshold(1 + rnd.nextInt(4))
                .gcThreads(1 + rnd.nextInt(3))
                .verify(rnd.nextInt(3) == 0)
                .stressEvery(rnd.nextInt(10) == 0 ? 2000 + rnd.nextInt(20000) : 0)
                .build();
        return new Torture.Config(duration, order, mutators, rnd.nextLong(), heap, Duration.ofMillis(20 + rnd.nextInt(80)));
    }
}
