package com.meter.siem.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment of a packaged function, started as the managed Java runtime starts it: a JVM of
 * its own whose main class is the official runtime interface client (target/lambda-runtime), run in the task
 * root, which the client turns into the function's class loader (the task root, then {@code lib/*}); the
 * handler string, memory, timeout and environment come from the template; Lambda's reserved variables are
 * added. Each {@link #invoke} goes through the {@link RuntimeApi}, so the event is read, the handler called
 * and the result written by the runtime's own code. stdout and stderr are kept, as CloudWatch Logs would.
 */
final class LambdaProcess implements AutoCloseable {
    private static final Path RUNTIME_JARS = Path.of("target", "lambda-runtime");
    /** Kept after the run, like a log group, for whoever reads a failure. */
    private static final Path LOGS = Path.of("target", "lambda-logs");
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    /** The stack of the events in events/. */
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/"
            + "5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f";

    private final FunctionConfiguration function;
    private final RuntimeApi api;
    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();

    /** @param testEnvironment what only a test adds: moto's endpoint, CBOR off for moto, the response URL seam */
    LambdaProcess(FunctionConfiguration function, Path taskRoot, Map<String, String> testEnvironment) {
        this.function = function;
        String functionName = "meter-siem-integration-" + function.logicalId() + "-AbCdEf123456";
        this.api = new RuntimeApi("arn:aws:lambda:%s:%s:function:%s".formatted(REGION, ACCOUNT, functionName));
        try {
            if (!Files.isDirectory(RUNTIME_JARS)) {
                throw new AssertionError(RUNTIME_JARS + " is missing: the build copies the runtime interface client"
                        + " there before the tests; run them with `mvn verify`");
            }
            Files.createDirectories(LOGS);
            log = Files.createTempFile(LOGS, function.logicalId() + "-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // The JVM sees the function's memory as the machine's, as in an execution environment.
                    "-XX:MaxRAM=" + function.memoryMb() + "m",
                    "-cp", RUNTIME_JARS.toAbsolutePath() + File.separator + "*",
                    RUNTIME_MAIN, function.handler()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LANG", "en_US.UTF-8");
            env.put("TZ", ":UTC");
            env.putAll(function.environment());
            env.put("_HANDLER", function.handler());
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/30/[$LATEST]0123456789abcdef0123456789abcdef");
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("AWS_REGION", REGION);
            env.put("AWS_DEFAULT_REGION", REGION);
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            env.put("AWS_SESSION_TOKEN", "testing-session");
            env.putAll(testEnvironment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + function.logicalId(), e);
        }
    }

    /** Sends PAYLOAD as one invocation with the function's timeout as its deadline; the runtime's answer. */
    RuntimeApi.Outcome invoke(String payload) {
        return invoke(payload, Duration.ofSeconds(timeoutSeconds()));
    }

    int timeoutSeconds() {
        return function.timeoutSeconds();
    }

    RuntimeApi.Outcome invoke(String payload, Duration deadline) {
        if (!process.isAlive()) {
            throw new AssertionError(function.logicalId() + " exited (" + process.exitValue() + "):\n" + output());
        }
        return api.invoke(payload, deadline);
    }

    /** Since the JVM started. */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** JVM start to the runtime's first poll for an event: the handler is loaded and constructed. */
    Duration init() {
        return Duration.ofNanos(api.firstPollNanos() - startedNanos);
    }

    /** The kernel's high-water mark of the function's resident memory (Linux), in MB. */
    long peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Everything the function wrote so far, as its log stream would hold it. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
