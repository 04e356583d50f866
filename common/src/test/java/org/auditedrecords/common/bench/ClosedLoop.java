package org.auditedrecords.common.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmarks' one load loop: {@code clients} threads each run {@code operation} back to back, a bounded number
 * of times, and every call is timed. Closed loop: a client sends its next call when the last one is answered.
 */
public final class ClosedLoop {
    /** One timed call; throwing fails the benchmark. */
    @FunctionalInterface
    public interface Operation {
        void call() throws Exception;
    }

    /** What a run measured. */
    public record Figures(int calls, double perSecond, double p50Millis, double p99Millis) {
    }

    private ClosedLoop() {
    }

    /** Runs exactly {@code total} calls spread over {@code clients} threads; returns their throughput and latency. */
    public static Figures run(int clients, int total, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                futures.add(pool.submit(() -> {
                    long[] times = new long[share];
                    for (int i = 0; i < times.length; i++) {
                        long t0 = System.nanoTime();
                        operation.call();
                        times[i] = System.nanoTime() - t0;
                    }
                    return times;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Figures(latencies.length, latencies.length / seconds, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) (latencies.length * 0.99)] / 1e6);
        } finally {
            pool.shutdown();
        }
    }
}
