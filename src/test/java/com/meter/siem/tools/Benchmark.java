package com.meter.siem.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.handler.HealthCheckHandler;
import com.meter.siem.handler.IntegrationResourceHandler;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.HealthEnvironment;
import com.meter.siem.testing.ResponseUrlServer;
import com.meter.siem.testing.ScheduledEvents;
import com.meter.siem.testing.TestContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One whole-process run for scripts/benchmark, against moto (AWS_ENDPOINT_URL). Each mode prints one
 * JSON line: milliseconds from JVM start to the end of the first (cold) invocation, the median of the
 * warm invocations that follow in the same JVM, the peak resident memory, and the AWS calls made.
 *
 * <ul>
 *   <li>{@code create}: the provisioning handler answers a Create (its public constructor, as Lambda builds it)
 *   <li>{@code setup N}: creates the integration, N-1 more streams, the alert table and topic; prints the
 *       health checker's whole environment as KEY=VALUE lines (not timed)
 *   <li>{@code health}: the health checker runs (public constructor: configuration from the environment)
 * </ul>
 * A Create that is not answered SUCCESS, or a health check that leaves a check UNKNOWN, ends the run with an
 * exception: each case also proves that its function's package holds all the function loads.
 */
public final class Benchmark {
    private static final int WARM_RUNS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "create" -> create();
            case "setup" -> setup(Integer.parseInt(args[1]))
                    .forEach((name, value) -> System.out.println(name + "=" + value));
            case "health" -> health();
            default -> throw new IllegalArgumentException("mode: create, setup N or health");
        }
    }

    private static void create() {
        // Lambda's order: the function's init (its constructor), then the event is read and handled.
        IntegrationResourceHandler handler = new IntegrationResourceHandler();
        long init = sinceJvmStart();
        try (ResponseUrlServer responses = new ResponseUrlServer()) {
            Events event = Events.load("create.json").withResponseUrl(responses.url());
            event.sendTo(handler, TestContext.withRemainingTime(Duration.ofMinutes(15)));
            JsonNode answer = responses.awaitResponseJson(Duration.ofSeconds(30));
            long cold = sinceJvmStart();
            // The handler answers every failure, a class missing from the package included: read the answer.
            if (!"SUCCESS".equals(answer.path("Status").asText())) {
                throw new IllegalStateException("Create answered " + answer.path("Status").asText() + ": "
                        + answer.path("Reason").asText());
            }
            Map<String, Integer> coldCalls = CallCounter.snapshot();
            Warm warm = new Warm();
            for (int i = 0; i < WARM_RUNS; i++) {
                int answered = i + 2;
                // A retried Create: the same work a warm Update does when nothing changed.
                warm.time(() -> {
                    event.sendTo(handler, TestContext.withRemainingTime(Duration.ofMinutes(15)));
                    responses.awaitRequests(answered, Duration.ofSeconds(30));
                });
            }
            print(init, cold, warm, coldCalls);
        }
    }

    private static void health() {
        HealthCheckHandler handler = new HealthCheckHandler();
        long init = sinceJvmStart();
        Map<String, Object> summary = handler.handleRequest(ScheduledEvents.load(),
                TestContext.withRemainingTime(Duration.ofSeconds(60)));
        long cold = sinceJvmStart();
        // A check that could not run (a class missing from the package, say) is UNKNOWN rather than an error.
        if (!Long.valueOf(0).equals(summary.get("unknown"))) {
            throw new IllegalStateException("the health check left checks UNKNOWN: " + summary);
        }
        Map<String, Integer> coldCalls = CallCounter.snapshot();
        Warm warm = new Warm();
        for (int i = 0; i < WARM_RUNS; i++) {
            warm.time(() -> handler.handleRequest(ScheduledEvents.load(),
                    TestContext.withRemainingTime(Duration.ofSeconds(60))));
        }
        print(init, cold, warm, coldCalls);
    }

    /** Creates what one deployment creates, N-1 more streams, the alert table and topic; the checker's environment. */
    static Map<String, String> setup(int streams) {
        JsonNode data;
        try (ResponseUrlServer responses = new ResponseUrlServer()) {
            Events.load("create.json").withResponseUrl(responses.url())
                    .sendTo(new IntegrationResourceHandler(), TestContext.withRemainingTime(Duration.ofMinutes(15)));
            data = responses.awaitResponseJson(Duration.ofSeconds(30)).get("Data");
        }
        AwsClients aws = AwsClients.fromEnvironment();
        List<String> names = new ArrayList<>(List.of(data.get("StreamName").asText()));
        for (int i = 1; i < streams; i++) {
            String name = "benchmark-stream-" + i;
            aws.kinesis().createStream(r -> r.streamName(name).shardCount(1));
            names.add(name);
        }
        aws.dynamoDb().createTable(r -> r.tableName("benchmark-alert-state").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("AlertKey").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("AlertKey").keyType(KeyType.HASH)));
        String topic = aws.sns().createTopic(r -> r.name("benchmark-alerts")).topicArn();
        Map<String, String> env = new TreeMap<>(HealthEnvironment.defaults());
        env.put("MONITORED_STREAMS", String.join(",", names));
        env.put("INTEGRATION_ROLE_NAME", data.get("RoleName").asText());
        env.put("INTEGRATION_POLICY_ARN", data.get("PolicyArn").asText());
        env.put("EXTERNAL_ID_SECRET_ARN", data.get("ExternalIdSecretArn").asText());
        env.put("ALERT_TOPIC_ARN", topic);
        env.put("ALERT_STATE_TABLE", "benchmark-alert-state");
        return env;
    }

    private static long sinceJvmStart() {
        long now = System.currentTimeMillis();
        return now - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** @param coldCalls the calls of the first invocation, by service and operation */
    /**
     * @param initMillis JVM start to the handler constructed: what SnapStart would snapshot
     * @param coldMillis JVM start to the end of the first invocation
     */
    private static void print(long initMillis, long coldMillis, Warm warm, Map<String, Integer> coldCalls) {
        ObjectNode line = JSON.createObjectNode()
                .put("coldMs", coldMillis)
                .put("initMs", initMillis)
                .put("firstInvocationMs", coldMillis - initMillis)
                .put("warmMedianMs", Warm.median(warm.total))
                .put("warmOwnMedianMs", Warm.median(warm.own))
                .put("peakRssMb", peakResidentMegabytes())
                .put("callsPerInvocation", coldCalls.values().stream().mapToInt(Integer::intValue).sum());
        line.set("calls", JSON.valueToTree(coldCalls));
        System.out.println(line);
    }

    /**
     * Warm invocations, in milliseconds: in all, and the function's own share, that is without the time
     * inside AWS calls, which against moto is mostly moto's own work and in AWS is the services' latency.
     */
    private static final class Warm {
        final List<Long> total = new ArrayList<>();
        final List<Long> own = new ArrayList<>();

        void time(Runnable invocation) {
            long inCalls = CallCounter.nanosInCalls();
            long started = System.nanoTime();
            invocation.run();
            long elapsed = System.nanoTime() - started;
            total.add(elapsed / 1_000_000);
            own.add((elapsed - (CallCounter.nanosInCalls() - inCalls)) / 1_000_000);
        }

        static long median(List<Long> millis) {
            return millis.stream().sorted().toList().get(millis.size() / 2);
        }
    }

    /** The kernel's high-water mark of this process's resident memory (Linux). */
    private static long peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
