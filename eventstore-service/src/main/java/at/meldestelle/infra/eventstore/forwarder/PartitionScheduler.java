package at.meldestelle.infra.eventstore.forwarder;

import io.smallrye.mutiny.Uni;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * Runs drains of partitions: never two of one partition at once, at most {@code maxConcurrent}
 * in all (each drain holds Redis connections and Kafka sends), and a wake that comes while its
 * partition is draining makes the drain run once more, so no wake is lost. Thread-safe: wakes come
 * from request threads and the sweep timer, completions from Redis and Kafka callbacks.
 */
final class PartitionScheduler {

    private static final int IDLE = 0;
    /** Queued or draining. */
    private static final int BUSY = 1;
    /** Draining, and woken again since the drain began. */
    private static final int AGAIN = 2;

    private final AtomicIntegerArray state;
    private final Queue<Integer> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final int maxConcurrent;
    private final IntFunction<Uni<Void>> drain;

    PartitionScheduler(int partitions, int maxConcurrent, IntFunction<Uni<Void>> drain) {
        this.state = new AtomicIntegerArray(partitions);
        this.maxConcurrent = maxConcurrent;
        this.drain = drain;
    }

    void wake(int partition) {
        while (true) {
            int current = state.get(partition);
            if (current == IDLE) {
                if (state.compareAndSet(partition, IDLE, BUSY)) {
                    ready.add(partition);
                    dispatch();
                    return;
                }
            } else if (current == BUSY) {
                if (state.compareAndSet(partition, BUSY, AGAIN)) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private void dispatch() {
        while (!ready.isEmpty()) {
            int now = running.get();
            if (now >= maxConcurrent) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Integer partition = ready.poll();
            if (partition == null) {
                running.decrementAndGet();
                continue;
            }
            run(partition);
        }
    }

    private void run(int partition) {
        Uni<Void> work;
        try {
            work = drain.apply(partition);
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        // The drain reports its own failures; here only the bookkeeping matters.
        work.subscribe().with(done -> finished(partition), failure -> finished(partition));
    }

    private void finished(int partition) {
        while (true) {
            int current = state.get(partition);
            if (current == AGAIN) {
                if (state.compareAndSet(partition, AGAIN, BUSY)) {
                    ready.add(partition);
                    break;
                }
            } else if (state.compareAndSet(partition, BUSY, IDLE)) {
                break;
            }
        }
        running.decrementAndGet();
        dispatch();
    }
}
