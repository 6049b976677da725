package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PropagationTest {
    private static final Propagation THREE_RETRIES = new Propagation(Collections.nCopies(3, Duration.ofMillis(1)));

    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void retry_whenTheAnswerStopsBeforeTheLastAttempt_succeeds() {
        int answeredBy = THREE_RETRIES.retry(() -> failFirst(3, new NotYet()), NotYet.class::isInstance);

        assertEquals(4, answeredBy);
        assertEquals(4, calls.get());
    }

    @Test
    void retry_whenEveryAttemptMeetsTheAnswer_givesUpAfterExactlyTheAttemptsWithTheLastAnswer() {
        NotYet last = new NotYet();

        Propagation.NotYetPropagatedException gaveUp = assertThrows(Propagation.NotYetPropagatedException.class,
                () -> THREE_RETRIES.retry(() -> failFirst(Integer.MAX_VALUE, calls.get() == 3 ? last : new NotYet()),
                        NotYet.class::isInstance));

        assertEquals(4, calls.get());
        assertEquals("4 attempts over 0 s", gaveUp.tries());
        assertSame(last, gaveUp.getCause());
    }

    @Test
    void retry_whenAnotherFailure_throwsItWithoutRetrying() {
        IllegalStateException other = new IllegalStateException("no");

        assertSame(other, assertThrows(IllegalStateException.class,
                () -> THREE_RETRIES.retry(() -> failFirst(1, other), NotYet.class::isInstance)));
        assertEquals(1, calls.get());
    }

    @Test
    void iam_whenProductionPauses_waitsAboutTwoMinutesOverTwelveAttempts() {
        assertEquals(12, Propagation.IAM.attempts());
        assertEquals(120, Propagation.IAM.totalSeconds());
    }

    private int failFirst(int failures, RuntimeException answer) {
        if (calls.incrementAndGet() <= failures) {
            throw answer;
        }
        return calls.get();
    }

    private static final class NotYet extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
