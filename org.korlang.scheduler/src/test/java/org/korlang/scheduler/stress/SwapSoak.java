package org.korlang.scheduler.stress;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler soak ({@code bin/soak-scheduler}): runs {@link SwapStress} for a given time, round
 * after round, cycling through parallelism 1, 2 and 4, both starting policies, and trees-only or
 * mixed load, each round on a fresh scheduler. Prints one line per round and a summary (tasks, trees,
 * swaps, failures); exits 0 when every round passed, 1 when one failed (the first failure ends the
 * soak, with its diagnostics), 64 on a bad argument.
 *
 * <pre>
 *   SwapSoak [--minutes M | --seconds S] [--round-seconds R] [--drivers D] [--depth N] [--watchdog-seconds W]
 * </pre>
 */
public final class SwapSoak {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private SwapSoak() {
    }

    public static void main(String[] args) {
        Duration total = Duration.ofMinutes(30);
        Duration round = Duration.ofSeconds(20);
        Duration watchdog = Duration.ofSeconds(60);
        int drivers = 3;
        int depth = 11;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--minutes" -> total = Duration.ofMinutes(positive(arg, value));
                    case "--seconds" -> total = Duration.ofSeconds(positive(arg, value));
                    case "--round-seconds" -> round = Duration.ofSeconds(positive(arg, value));
                    case "--watchdog-seconds" -> watchdog = Duration.ofSeconds(positive(arg, value));
                    case "--drivers" -> drivers = (int) positive(arg, value);
                    case "--depth" -> depth = (int) positive(arg, value);
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
                i++;
            }
            if (depth > 20) {
                throw new IllegalArgumentException("--depth must be at most 20: " + depth);
            }
        } catch (IllegalArgumentException bad) {
            System.err.println("soak-scheduler: " + bad.getMessage());
            System.err.println("usage: soak-scheduler [--minutes M | --seconds S] [--round-seconds R] [--drivers D]"
                    + " [--depth N] [--watchdog-seconds W]");
            System.exit(64);
            return;
        }
        System.exit(soak(total, round, watchdog, drivers, depth) ? 0 : 1);
    }

    private static long positive(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 1) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number: " + value);
        }
    }

    private static boolean soak(Duration total, Duration round, Duration watchdog, int drivers, int depth) {
        int[] parallelisms = {1, 2, 4};
        String[] policies = {"work-stealing", "fifo"};
        long start = System.nanoTime();
        long end = start + total.toNanos();
        long tasks = 0;
        long trees = 0;
        long swaps = 0;
        List<SwapStress.Report> failed = new ArrayList<>();
        int rounds = 0;
        System.out.printf("soak-scheduler: %s of swap stress, rounds of %s, %d drivers, trees of depth %d, watchdog %s%n",
                total, round, drivers, depth, watchdog);
        while (System.nanoTime() - end < 0 && failed.isEmpty()) {
            long left = end - System.nanoTime();
            Duration length = Duration.ofNanos(Math.min(round.toNanos(), Math.max(left, 1_000_000_000L)));
            int p = parallelisms[rounds % parallelisms.length];
            String policy = policies[(rounds / parallelisms.length) % policies.length];
            boolean mixed = (rounds / (parallelisms.length * policies.length)) % 2 == 1;
            SwapStress.Report report = SwapStress.run(new SwapStress.Config(policy, p, drivers, depth, length, watchdog, mixed));
            rounds++;
            tasks += report.tasks();
            trees += report.trees();
            swaps += report.swaps();
            System.out.printf("%s round %d: %s%n", LocalTime.now().format(CLOCK), rounds, report);
            if (!report.passed()) {
                failed.add(report);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start).truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("soak-scheduler summary: %s, %d rounds, %d tasks, %d trees, %d swaps, %d failures%n",
                elapsed, rounds, tasks, trees, swaps, failed.size());
        return failed.isEmpty();
    }
}
