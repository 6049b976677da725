package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final Watchdog watchdog = new Watchdog();

    @Test
    void run_whenWorkEndsWithAnError_answersThroughOnFailure() {
        String answer = watchdog.run(Duration.ofSeconds(5), () -> {
            throw new StackOverflowError("deep");
        }, failure -> "failed: " + failure.getClass().getSimpleName(), () -> "timeout");

        assertEquals("failed: StackOverflowError", answer);
    }

    @Test
    void run_whenWorkOutlivesTheBudget_answersThroughOnTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();

        String answer = watchdog.run(Duration.ofMillis(200), () -> {
            never.await();
            return "done";
        }, failure -> "failed", () -> "timeout");

        assertEquals("timeout", answer);
        assertEquals(true, System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void run_whenWorkFinishes_returnsItsResult() {
        assertEquals("done", watchdog.run(Duration.ofSeconds(5), () -> "done", failure -> "failed", () -> "timeout"));
    }
}
