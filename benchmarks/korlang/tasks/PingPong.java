// ping-pong: 1,000,000 round trips between two virtual threads over two SynchronousQueues
// (rendezvous). Twin of pingpong.kor (see there for the design and the harness); the benchmark
// itself runs in a virtual thread. Run: java PingPong.java [iterations].
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

public class PingPong {
    static void ponger(BlockingQueue<Long> ping, BlockingQueue<Long> pong) throws InterruptedException {
        boolean running = true;
        while (running) {
            long v = ping.take();
            if (v == -1) {
                running = false;
            } else {
                pong.put(v + 1);
            }
        }
    }

    static long benchmark(long n) throws InterruptedException {
        BlockingQueue<Long> ping = new SynchronousQueue<>();
        BlockingQueue<Long> pong = new SynchronousQueue<>();
        Thread t = Thread.ofVirtual().start(() -> run(() -> ponger(ping, pong)));
        long sum = 0;
        for (long i = 0; i < n; i++) {
            ping.put(i);
            sum = sum + pong.take();
        }
        ping.put(-1L);
        t.join();
        return sum;
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
            System.out.println("usage: pingpong [iterations >= 1]");
            return 64;
        }
        long n = 1000000;
        long result = 0;
        for (int i = 1; i <= iterations; i++) {
            long start = System.nanoTime();
            result = benchmark(n);
            System.out.println("pingpong: iteration " + i + ": " + (System.nanoTime() - start) / 1000000 + " ms");
            if (result != 500000500000L) {
                System.out.println("pingpong: FAILED: sum " + result + ", expected 500000500000");
                return 1;
            }
        }
        System.out.println("pingpong: " + n + " round trips, sum " + result + " ok");
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
