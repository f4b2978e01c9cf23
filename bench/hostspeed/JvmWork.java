import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * bench/hostspeed.sh's JVM work: on each core a thread merges random keys into a HashMap of a million entries (boxing,
 * allocation, cache misses: the kind of work Kafka and Spark do per message) and counts the merges per second of its
 * own CPU time, per 10-s window. CPU time leaves out waiting and the hypervisor's steal, so what moves it is how fast
 * the core runs this work: its caches and memory as shared with whatever else the host runs.
 * usage: java JvmWork.java SECONDS
 */
public class JvmWork {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int cores = Runtime.getRuntime().availableProcessors();
        ConcurrentMap<Long, double[]> windows = new ConcurrentHashMap<>(); // window -> merges per CPU-second, per thread summed
        long start = System.nanoTime();
        Thread[] ts = new Thread[cores];
        for (int c = 0; c < cores; c++) {
            int seed = c;
            ts[c] = new Thread(() -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                SplittableRandom r = new SplittableRandom(seed);
                HashMap<Long, Long> map = new HashMap<>();
                long windowEnd = start + 20_000_000_000L; // the first 20 s warm the JIT and fill the map, unmeasured
                long merges = 0;
                long cpu0 = mx.getCurrentThreadCpuTime();
                while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                    for (int i = 0; i < 100_000; i++) {
                        map.merge(r.nextLong(1_000_000), 1L, Long::sum);
                    }
                    merges += 100_000;
                    long now = System.nanoTime();
                    if (now >= windowEnd) {
                        long cpu = mx.getCurrentThreadCpuTime();
                        if (windowEnd > start + 20_000_000_000L) {
                            long w = (windowEnd - start) / 10_000_000_000L;
                            windows.computeIfAbsent(w, k -> new double[1])[0] += merges / ((cpu - cpu0) / 1e9) / 1e6;
                        }
                        merges = 0;
                        cpu0 = cpu;
                        windowEnd += 10_000_000_000L;
                    }
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        StringBuilder sb = new StringBuilder();
        double min = Double.MAX_VALUE, max = 0;
        for (var e : new java.util.TreeMap<>(windows).entrySet()) {
            double v = e.getValue()[0];
            sb.append(String.format(java.util.Locale.ROOT, " %.1f", v));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        System.out.printf(java.util.Locale.ROOT, "JVM work, million map merges per CPU-second, all %d cores summed, per 10-s window:%n %s%n"
                + "10-s windows: %.1f .. %.1f, spread %.0f%%%n", cores, sb, min, max, (max / min - 1) * 100);
    }
}
