// sieve: the concurrent prime sieve, the first 2,000 primes, on virtual threads and
// SynchronousQueues (rendezvous). Twin of sieve.kor (see there for the design and the harness);
// the benchmark itself runs in a virtual thread. Run: java Sieve.java [iterations].
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

public class Sieve {
    static void generate(BlockingQueue<Long> out, long limit) throws InterruptedException {
        for (long i = 2; i <= limit; i++) {
            out.put(i);
        }
        out.put(-1L);
    }

    static void filter(BlockingQueue<Long> input, BlockingQueue<Long> out, long prime) throws InterruptedException {
        boolean running = true;
        while (running) {
            long v = input.take();
            if (v == -1) {
                out.put(-1L);
                running = false;
            } else if (v % prime != 0) {
                out.put(v);
            }
        }
    }

    static String benchmark(long limit) throws InterruptedException {
        BlockingQueue<Long> ch = new SynchronousQueue<>();
        BlockingQueue<Long> first = ch;
        Thread.ofVirtual().start(() -> run(() -> generate(first, limit)));
        long count = 0;
        long sum = 0;
        long last = 0;
        long p = ch.take();
        while (p != -1) {
            count = count + 1;
            sum = sum + p;
            last = p;
            BlockingQueue<Long> next = new SynchronousQueue<>();
            BlockingQueue<Long> in = ch;
            long prime = p;
            Thread.ofVirtual().start(() -> run(() -> filter(in, next, prime)));
            ch = next;
            p = ch.take();
        }
        return count + " primes, last " + last + ", sum " + sum;
    }

    interface Body { void run() throws InterruptedException; }

    static void run(Body body) {
        try {
            body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static int main2(String[] args) throws InterruptedException {
        int iterations = parseIterations(args);
        if (iterations < 1) {
            System.out.println("usage: sieve [iterations >= 1]");
            return 64;
        }
        String expected = "2000 primes, last 17389, sum 16274627";
        String result = "";
        for (int i = 1; i <= iterations; i++) {
            long start = System.nanoTime();
            result = benchmark(17389);
            System.out.println("sieve: iteration " + i + ": " + (System.nanoTime() - start) / 1000000 + " ms");
            if (!result.equals(expected)) {
                System.out.println("sieve: FAILED: " + result + ", expected " + expected);
                return 1;
            }
        }
        System.out.println("sieve: " + result + " ok");
        return 0;
    }

    public static void main(String[] args) throws Exception {
        int[] status = new int[1];
        Thread.ofVirtual().start(() -> {
            try {
                status[0] = main2(args);
            } catch (InterruptedException e) {
                status[0] = 70;
            }
        }).join();
        System.exit(status[0]);
    }
}
