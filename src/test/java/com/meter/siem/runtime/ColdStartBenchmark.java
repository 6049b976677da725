package com.meter.siem.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.template.DeployedTemplate;
import com.meter.siem.testing.AlertChannel;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.RecordedRequest;
import com.meter.siem.testing.ResponseUrlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Cold and warm starts of both packaged functions, each run as Lambda runs it: built as `sam build` builds it,
 * started under the runtime interface client with the template's handler, memory and environment, against
 * moto on this machine. A Create is timed from JVM start to its answer at the response URL; a health check
 * from JVM start to the runtime's result, for 1, 10 and 100 monitored streams. Medians of RUNS execution
 * environments each; AWS calls are counted at a proxy in front of moto. Prints a table and writes
 * target/benchmark.json. Run by scripts/benchmark.
 */
public final class ColdStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_RUNS = 5;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);

    private final FaultProxy proxy = new FaultProxy(MotoServer.endpoint());
    private final ResponseUrlServer setupResponses = new ResponseUrlServer();
    private final int runs;
    private LambdaProcess setupProvisioner;

    private ColdStartBenchmark(int runs) {
        this.runs = runs;
    }

    public static void main(String[] args) throws IOException {
        // What the surefire configuration gives the tests: the in-process setup's clients reach moto.
        System.setProperty("aws.region", LambdaProcess.REGION);
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.cborEnabled", "false");
        System.setProperty("aws.endpointUrl", MotoServer.endpoint().toString());
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ColdStartBenchmark benchmark = new ColdStartBenchmark(runs);
        ObjectNode summary = JSON.createObjectNode().put("runs", runs);
        ObjectNode packages = summary.putObject("packagesMb");
        for (String function : DeployedTemplate.functions()) {
            packages.put(function, Math.round(SamBuild.unzippedBytes(SamBuild.taskRoot(function)) / 104857.6) / 10.0);
        }
        ArrayNode cases = summary.putArray("cases");
        cases.add(benchmark.median("Create", benchmark::create));
        for (int streams : List.of(1, 10, 100)) {
            cases.add(benchmark.median("health check, " + streams + " stream(s)", run -> benchmark.health(streams)));
        }
        print(summary);
        Files.writeString(Path.of("target", "benchmark.json"), summary.toPrettyString());
        System.exit(0);
    }

    /** One execution environment of the provisioner: its cold Create, then retried Creates, warm. */
    private ObjectNode create(int run) {
        MotoServer.reset();
        try (ResponseUrlServer responses = new ResponseUrlServer();
             LambdaProcess function = start("ProvisionerFunction", Map.of(), Map.of(), responses)) {
            String event = Events.load("create.json").withResponseUrl(responses.url()).json();
            int before = proxy.calls().size();
            function.invoke(event);
            JsonNode answer = responses.awaitResponseJson(ANSWER_WAIT);
            Duration cold = function.uptime();
            if (!answer.path("Status").asText().equals("SUCCESS")) {
                throw new IllegalStateException("Create answered " + answer);
            }
            List<String> calls = proxy.calls().subList(before, proxy.calls().size());
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < WARM_RUNS; i++) {
                int answered = i + 2;
                long started = System.nanoTime();
                function.invoke(event);
                responses.awaitRequests(answered, ANSWER_WAIT);
                warm.add((System.nanoTime() - started) / 1_000_000);
            }
            return result(function, cold, warm, calls);
        }
    }

    /** One execution environment of the checker over STREAMS streams: its cold run, then warm runs. */
    private ObjectNode health(int streams) {
        MotoServer.reset();
        Map<String, String> parameters = new HashMap<>();
        Map<String, String> known = deploy(streams, parameters);
        try (LambdaProcess function = start("HealthCheckFunction", known, parameters, setupResponses)) {
            String event = read(Path.of("events", "scheduled.json"));
            int before = proxy.calls().size();
            RuntimeApi.Outcome outcome = function.invoke(event);
            Duration cold = function.uptime();
            if (outcome.failed()) {
                throw new IllegalStateException("the health check failed: " + outcome.body());
            }
            List<String> calls = proxy.calls().subList(before, proxy.calls().size());
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < WARM_RUNS; i++) {
                long started = System.nanoTime();
                function.invoke(event);
                warm.add((System.nanoTime() - started) / 1_000_000);
            }
            return result(function, cold, warm, calls);
        }
    }

    /**
     * What one deployment creates (by a provisioner kept warm for setups, which are not measured), STREAMS - 1
     * more streams as AdditionalMonitoredStreams, and the alert table and topic; the values the checker's
     * environment takes.
     */
    private Map<String, String> deploy(int streams, Map<String, String> parameters) {
        int before = setupResponses.requests().size();
        setupProvisioner().invoke(Events.load("create.json").withResponseUrl(setupResponses.url()).json());
        List<RecordedRequest> answers = setupResponses.awaitRequests(before + 1, ANSWER_WAIT);
        JsonNode data = Logs.json(answers.get(answers.size() - 1).body()).get("Data");
        AwsClients aws = AwsClients.fromEnvironment();
        List<String> extra = IntStream.range(1, streams).mapToObj(i -> "benchmark-stream-" + i).toList();
        extra.forEach(name -> aws.kinesis().createStream(r -> r.streamName(name).shardCount(1)));
        if (!extra.isEmpty()) {
            parameters.put("AdditionalMonitoredStreams", String.join(",", extra));
        }
        AlertChannel alerts = new AlertChannel(aws);
        Map<String, String> known = new HashMap<>();
        data.fields().forEachRemaining(field -> known.put("MeterSiemIntegration." + field.getKey(),
                field.getValue().asText()));
        known.put("AlertTopic", alerts.topicArn());
        known.put("AlertStateTable", AlertChannel.TABLE);
        known.put("HealthDashboard", "meter-siem-integration-health");
        return known;
    }

    private LambdaProcess setupProvisioner() {
        if (setupProvisioner == null) {
            setupProvisioner = new LambdaProcess(FunctionConfiguration.of("ProvisionerFunction", Map.of(), Map.of()),
                    SamBuild.taskRoot("ProvisionerFunction"), Map.of("AWS_ENDPOINT_URL",
                    MotoServer.endpoint().toString(), "CBOR_ENABLED", "false", "POWERTOOLS_LOG_LEVEL", "WARN",
                    "METER_SIEM_TEST_RESPONSE_ENDPOINT", setupResponses.endpoint()));
        }
        return setupProvisioner;
    }

    private LambdaProcess start(String function, Map<String, String> known, Map<String, String> parameters,
                                ResponseUrlServer responses) {
        return new LambdaProcess(FunctionConfiguration.of(function, parameters, known), SamBuild.taskRoot(function),
                Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(), "CBOR_ENABLED", "false",
                        "POWERTOOLS_LOG_LEVEL", "WARN", "METER_SIEM_TEST_RESPONSE_ENDPOINT", responses.endpoint()));
    }

    private static ObjectNode result(LambdaProcess function, Duration cold, List<Long> warm, List<String> calls) {
        ObjectNode result = JSON.createObjectNode()
                .put("coldMs", cold.toMillis())
                .put("initMs", function.init().toMillis())
                .put("warmMedianMs", median(warm))
                .put("peakRssMb", function.peakResidentMegabytes())
                .put("awsCalls", calls.size());
        result.set("calls", JSON.valueToTree(calls.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))));
        return result;
    }

    private ObjectNode median(String name, Function<Integer, ObjectNode> run) {
        List<ObjectNode> results = IntStream.rangeClosed(1, runs).mapToObj(run::apply).toList();
        ObjectNode median = JSON.createObjectNode().put("case", name);
        for (String key : List.of("coldMs", "initMs", "warmMedianMs", "peakRssMb", "awsCalls")) {
            median.put(key, median(results.stream().map(result -> result.get(key).asLong()).toList()));
        }
        median.set("calls", results.get(0).get("calls"));
        return median;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static void print(ObjectNode summary) {
        System.out.printf("Packages (unzipped): %s; medians of %d execution environments under the runtime"
                + " interface client, against moto%n%n", summary.get("packagesMb"), summary.get("runs").asInt());
        System.out.printf("| %-28s | %23s | %7s | %7s | %8s | %9s |%n", "case", "cold (JVM start to end)", "init",
                "warm", "peak RSS", "AWS calls");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(30), "-".repeat(25), "-".repeat(9), "-".repeat(9),
                "-".repeat(10), "-".repeat(11));
        for (JsonNode row : summary.get("cases")) {
            System.out.printf("| %-28s | %20d ms | %4d ms | %4d ms | %5d MB | %9d |%n", row.get("case").asText(),
                    row.get("coldMs").asLong(), row.get("initMs").asLong(), row.get("warmMedianMs").asLong(),
                    row.get("peakRssMb").asLong(), row.get("awsCalls").asLong());
        }
        System.out.println("\ncold: JVM start to the answer at the response URL (Create) or to the runtime's"
                + " result (health check); init: JVM start to the runtime's first poll for an event.");
        for (JsonNode row : summary.get("cases")) {
            System.out.printf("%s: %s%n", row.get("case").asText(), row.get("calls"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
