package at.meldestelle.infra.shared.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness does not attach to servers it did not start, retries taken ports and cleans up after killed JVMs. */
class HarnessRacesTest {

    @Test
    void aRedisWhosePortIsTakenIsNotMistakenForTheOneHolding() {
        try (RedisServer holder = RedisServer.start()) {
            assertThrows(PortTakenException.class, () -> RedisServer.startOn(holder.port()).close());
            assertTrue(RedisServer.processIdOn(holder.port()) > 0, "the holder still answers");
        }
    }

    @Test
    void aTakenPortMeansAnotherAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        String started = FreePorts.retryWhileTaken(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new PortTakenException("taken");
            }
            return "started";
        });
        assertEquals("started", started);
        assertEquals(3, attempts.get());
        assertThrows(PortTakenException.class, () -> FreePorts.retryWhileTaken(() -> {
            throw new PortTakenException("always taken");
        }));
    }

    @Test
    void serversOfAKilledTestJvmAreStoppedByTheNextRun() throws Exception {
        Process jvm = new ProcessBuilder(List.of(ChildProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                StartsRedisAndWaits.class.getName())).redirectErrorStream(true).start();
        long redisPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("redis-pid="));
            assertTrue(line != null, "the child JVM reported its Redis");
            redisPid = Long.parseLong(line.substring("redis-pid=".length()));
        }
        jvm.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        ProcessHandle redis = ProcessHandle.of(redisPid).orElseThrow();
        assertTrue(redis.isAlive(), "a killed JVM runs no shutdown hook: its Redis is orphaned");

        OrphanedProcesses.stopAll();

        redis.onExit().get(20, TimeUnit.SECONDS);
        assertFalse(redis.isAlive());
    }

    /** Run in a child JVM: starts a Redis, reports its pid and waits to be killed. */
    public static final class StartsRedisAndWaits {
        public static void main(String[] args) throws InterruptedException {
            RedisServer redis = RedisServer.start();
            System.out.println("redis-pid=" + RedisServer.processIdOn(redis.port()));
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
