package com.meter.siem.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A Lambda {@link Context} whose remaining time really runs out, for handlers that budget their work. */
public final class TestContext implements Context {

    private static final String FUNCTION_NAME = "meter-siem-test-function";

    private final String requestId = UUID.randomUUID().toString();
    private final long deadlineNanos;

    private TestContext(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static TestContext withRemainingTime(Duration remaining) {
        return new TestContext(System.nanoTime() + remaining.toNanos());
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + FUNCTION_NAME;
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/23/[$LATEST]abcdef";
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION_NAME;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /** Zero once the deadline has passed, as in Lambda, never negative. */
    @Override
    public int getRemainingTimeInMillis() {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return Math.clamp(remaining, 0, Integer.MAX_VALUE);
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return StdoutLogger.INSTANCE;
    }

    // Looks System.out up on every call, so that tests capturing it with System.setOut see the lines.
    private enum StdoutLogger implements LambdaLogger {
        INSTANCE;

        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
