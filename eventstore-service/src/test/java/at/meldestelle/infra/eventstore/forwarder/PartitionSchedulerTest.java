package at.meldestelle.infra.eventstore.forwarder;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drain bookkeeping under real concurrency: no lost wake, no overlap, bounded parallelism. */
class PartitionSchedulerTest {

    private static final int PARTITIONS = 16;
    private static final int MAX_CONCURRENT = 3;

    /** Mutiny sets up context propagation on first use; done here, not racing in the threads below. */
    @BeforeAll
    static void initialiseMutiny() {
        Uni.createFrom().emitter(emitter -> emitter.complete(null)).await().atMost(Duration.ofSeconds(5));
    }

    @RepeatedTest(20)
    void everyWakeIsFollowedByADrainThatStartsAfterIt() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLongArray lastWake = new AtomicLongArray(PARTITIONS);
        AtomicLongArray lastDrainStart = new AtomicLongArray(PARTITIONS);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        ConcurrentHashMap<Integer, Boolean> draining = new ConcurrentHashMap<>();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService completions = Executors.newFixedThreadPool(4);

        PartitionScheduler scheduler = new PartitionScheduler(PARTITIONS, MAX_CONCURRENT, partition -> {
            if (draining.putIfAbsent(partition, true) != null) {
                violations.add("two drains of partition " + partition + " at once");
            }
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            lastDrainStart.set(partition, clock.incrementAndGet());
            return Uni.createFrom().<Void>emitter(emitter -> completions.execute(() -> {
                sleepMicros(ThreadLocalRandom.current().nextInt(50, 500));
                running.decrementAndGet();
                draining.remove(partition);
                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                    emitter.fail(new IllegalStateException("Kafka unavailable"));
                } else {
                    emitter.complete(null);
                }
            }));
        });

        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService wakers = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            wakers.execute(() -> {
                await(start);
                for (int i = 0; i < 5_000; i++) {
                    int partition = ThreadLocalRandom.current().nextInt(PARTITIONS);
                    lastWake.accumulateAndGet(partition, clock.incrementAndGet(), Math::max);
                    scheduler.wake(partition);
                }
            });
        }
        start.countDown();
        wakers.shutdown();
        assertTrue(wakers.awaitTermination(60, TimeUnit.SECONDS));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!allCaughtUp(lastWake, lastDrainStart) || running.get() > 0) {
            assertTrue(System.nanoTime() < deadline, "wakes were lost: " + describe(lastWake, lastDrainStart) + " violations=" + violations);
            Thread.sleep(5);
        }
        completions.shutdown();

        assertEquals(List.of(), violations);
        assertTrue(maxRunning.get() <= MAX_CONCURRENT, "at most " + MAX_CONCURRENT + " drains at once, saw " + maxRunning.get());
    }

    private static boolean allCaughtUp(AtomicLongArray lastWake, AtomicLongArray lastDrainStart) {
        for (int p = 0; p < PARTITIONS; p++) {
            if (lastWake.get(p) > lastDrainStart.get(p)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(AtomicLongArray lastWake, AtomicLongArray lastDrainStart) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < PARTITIONS; p++) {
            text.append(p).append(": wake ").append(lastWake.get(p)).append(" drain ").append(lastDrainStart.get(p)).append("; ");
        }
        return text.toString();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
