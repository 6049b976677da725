package com.meter.siem.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * AWS takes a moment to make some changes visible: IAM is eventually consistent, so a role or policy created
 * moments ago can stay unknown for seconds, to IAM's own calls and to the services that check it; Secrets
 * Manager releases the name of a deleted secret in the background. An answer that means exactly "not yet"
 * is retried after each of these pauses in turn; when the last attempt meets it too, the caller gets
 * {@link NotYetPropagatedException}.
 */
public record Propagation(List<Duration> pauses) {
    /** About two minutes in all: IAM usually propagates within seconds, rarely within a minute. */
    public static final Propagation IAM = new Propagation(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(15),
            Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15),
            Duration.ofSeconds(15)));

    public Propagation {
        pauses = List.copyOf(pauses);
    }

    public int attempts() {
        return pauses.size() + 1;
    }

    public long totalSeconds() {
        return pauses.stream().mapToLong(Duration::toSeconds).sum();
    }

    /**
     * Runs {@code call} until it succeeds, fails otherwise than {@code notYet}, or has been tried
     * {@link #attempts()} times.
     *
     * @return what the successful call returned
     * @throws NotYetPropagatedException with the last answer as its cause, when every attempt met {@code notYet}
     */
    public <T> T retry(Supplier<T> call, Predicate<RuntimeException> notYet) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException answer) {
                if (!notYet.test(answer)) {
                    throw answer;
                }
                if (attempt == attempts()) {
                    throw new NotYetPropagatedException(this, answer);
                }
                pause(pauses.get(attempt - 1), answer);
            }
        }
    }

    private static void pause(Duration duration, RuntimeException answer) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer.addSuppressed(interrupted);
            throw answer;
        }
    }

    /** Every attempt met the answer that means "not propagated yet"; the cause is the last one. */
    public static final class NotYetPropagatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int attempts;
        private final long seconds;

        NotYetPropagatedException(Propagation propagation, RuntimeException lastAnswer) {
            super(lastAnswer);
            this.attempts = propagation.attempts();
            this.seconds = propagation.totalSeconds();
        }

        /** "N attempts over S s", for reasons people read. */
        public String tries() {
            return "%d attempts over %d s".formatted(attempts, seconds);
        }
    }
}
