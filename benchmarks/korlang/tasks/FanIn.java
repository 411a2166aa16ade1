// fan-in: 4 producer virtual threads × 250,000 messages into one ArrayBlockingQueue(100), summed
// by one consumer. Twin of fanin.kor (see there for the design and the harness); producers run in
// a virtual-thread-per-task executor whose Futures give their sums; the benchmark itself runs in
// a virtual thread. Run: java FanIn.java [iterations].
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class FanIn {
    static long producer(BlockingQueue<Long> out, long id, long count) throws InterruptedException {
        long sent = 0;
        for (long i = 0; i < count; i++) {
            long v = id * count + i;
            out.put(v);
            sent = sent + v;
        }
        return sent;
    }

    static String benchmark(int producers, long count) throws InterruptedException, ExecutionException {
        BlockingQueue<Long> ch = new ArrayBlockingQueue<>(100);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> tasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long id = p;
                tasks.add(executor.submit(() -> producer(ch, id, count)));
            }
            long received = 0;
            for (long i = 0; i < producers * count; i++) {
                received = received + ch.take();
            }
            long sent = 0;
            for (Future<Long> t : tasks) {
                sent = sent + t.get();
            }
            return "received " + received + ", sent " + sent;
        }
    }

    static int parseIterations(String[] args) {
        if (args.length == 0) { return 1; }
        int n = 0;
        for (char c : args[0].toCharArray()) {
            int d = c - '0';
            if (d < 0 || d > 9) { return -1; }
            n = n * 10 + d;
        }
        return n;
    }

    static int main2(String[] args) throws InterruptedException, ExecutionException {
        int iterations = parseIterations(args);
        if (iterations < 1) {
            System.out.println("usage: fanin [iterations >= 1]");
            return 64;
        }
        String expected = "received 499999500000, sent 499999500000";
        String result = "";
        for (int i = 1; i <= iterations; i++) {
            long start = System.nanoTime();
            result = benchmark(4, 250000);
            System.out.println("fanin: iteration " + i + ": " + (System.nanoTime() - start) / 1000000 + " ms");
            if (!result.equals(expected)) {
                System.out.println("fanin: FAILED: " + result + ", expected " + expected);
                return 1;
            }
        }
        System.out.println("fanin: 4 producers x 250000 messages, " + result + " ok");
        return 0;
    }

    public static void main(String[] args) throws Exception {
        int[] status = new int[1];
        Thread.ofVirtual().start(() -> {
            try {
                status[0] = main2(args);
            } catch (InterruptedException | ExecutionException e) {
                status[0] = 70;
            }
        }).join();
        System.exit(status[0]);
    }
}
