package com.meter.siem.tools;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call made in this JVM, by service and operation, and the time spent inside them
 * (marshalling, the round trip to moto, unmarshalling, retries). Registered for every SDK client through the
 * SDK's global interceptor list, which only the test classpath carries, so the benchmark counts the calls
 * the real handlers make without touching their code.
 */
public final class CallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicLong NANOS_IN_CALLS = new AtomicLong();
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("CallCounter.started");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(call, name -> new AtomicInteger()).incrementAndGet();
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        stop(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        stop(attributes);
    }

    private static void stop(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            NANOS_IN_CALLS.addAndGet(System.nanoTime() - started);
        }
    }

    /** Nanoseconds spent inside AWS calls in this JVM so far. */
    public static long nanosInCalls() {
        return NANOS_IN_CALLS.get();
    }

    public static Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        CALLS.forEach((call, count) -> copy.put(call, count.get()));
        return copy;
    }

    public static void reset() {
        CALLS.clear();
    }
}
