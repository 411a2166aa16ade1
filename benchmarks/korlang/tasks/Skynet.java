// skynet: a tree of 1,000,000 virtual threads summing their ids. Twin of skynet.kor (see there
// for the design and the harness): each parent has an ArrayBlockingQueue(10) its children put
// their sums into; the whole benchmark runs inside a virtual thread. Run: java Skynet.java [n].
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

public class Skynet {
    static void skynet(BlockingQueue<Long> out, long num, long size, int div) throws InterruptedException {
        if (size == 1) {
            out.put(num);
        } else {
            BlockingQueue<Long> c = new ArrayBlockingQueue<>(div);
            long sub = size / div;
            for (int i = 0; i < div; i++) {
                long n = num + i * sub;
                Thread.ofVirtual().start(() -> run(() -> skynet(c, n, sub, div)));
            }
            long sum = 0;
            for (int i = 0; i < div; i++) {
                sum = sum + c.take();
            }
            out.put(sum);
        }
    }

    static long benchmark(long size) throws InterruptedException {
        BlockingQueue<Long> root = new ArrayBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> run(() -> skynet(root, 0, size, 10)));
        return root.take();
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
            System.out.println("usage: skynet [iterations >= 1]");
            return 64;
        }
        long size = 1000000;
        long result = 0;
        for (int i = 1; i <= iterations; i++) {
            long start = System.nanoTime();
            result = benchmark(size);
            System.out.println("skynet: iteration " + i + ": " + (System.nanoTime() - start) / 1000000 + " ms");
            if (result != 499999500000L) {
                System.out.println("skynet: FAILED: sum " + result + ", expected 499999500000");
                return 1;
            }
        }
        System.out.println("skynet: " + size + " leaf tasks, sum " + result + " ok");
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
