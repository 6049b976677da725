package com.meter.siem.tools;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call made in this JVM, by service and operation. Registered for every SDK client
 * through the SDK's global interceptor list, which only the test classpath carries, so the benchmark
 * counts the calls the real handlers make without touching their code.
 */
public final class CallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(call, name -> new AtomicInteger()).incrementAndGet();
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
