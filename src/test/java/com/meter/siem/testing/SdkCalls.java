package com.meter.siem.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The calls of the clients it is added to, by the IAM action each needs: how many calls a path costs, and
 * what a policy must grant, are both asserted in the terms of IAM.
 */
public final class SdkCalls implements ExecutionInterceptor {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> denied = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        counts.computeIfAbsent(action(attributes), action -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof AwsServiceException e && e.statusCode() == 403) {
            denied.add(action(attributes));
        }
    }

    public int count(String action) {
        AtomicInteger count = counts.get(action);
        return count == null ? 0 : count.get();
    }

    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Set<String> actions() {
        return Set.copyOf(counts.keySet());
    }

    /** The action of each call refused with HTTP 403, in the order refused. */
    public List<String> denied() {
        return List.copyOf(denied);
    }

    // The SDK's service names (Kinesis, Iam, SecretsManager, DynamoDb...) are IAM's prefixes, capitalised.
    private static String action(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
