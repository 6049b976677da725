package com.meter.siem.handler;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs provisioning on a worker thread and returns in time, whatever the worker does: a hung AWS call
 * or an Error must not leave CloudFormation waiting for the resource's whole ServiceTimeout.
 */
final class Watchdog {
    /**
     * @param budget how long the work may take; past it {@code onTimeout} answers instead
     * @param onFailure answers for any Throwable the work ends with, Errors included
     */
    <T> T run(Duration budget, Callable<T> work, Function<Throwable, T> onFailure, Supplier<T> onTimeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("meter-siem-provisioning").start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        try {
            return result.get(Math.max(0, budget.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return onTimeout.get();
        } catch (ExecutionException e) {
            return onFailure.apply(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            return onFailure.apply(e);
        }
    }
}
