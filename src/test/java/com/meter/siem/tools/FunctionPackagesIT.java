package com.meter.siem.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each function runs in a process of its own on its own package: the compiled classes and only the jars
 * that pom.xml copies for it, with their AWS SDK clients shrunk (target/package-lib/FUNCTION), the classpath
 * scripts/lib/build-package lays out. A jar excluded from a function that still loads it, or a class the
 * shrinking dropped that is still loaded, fails here rather than in AWS. Runs the benchmark tool's modes,
 * which fail unless the Create is answered SUCCESS and every health check ran.
 */
@ExtendWith(MotoExtension.class)
class FunctionPackagesIT {
    private static final Set<String> FUNCTIONS = Set.of("ProvisionerFunction", "HealthCheckFunction");

    /** `sam build` runs the Makefile's build-LOGICALID for each function, which needs jars chosen for it. */
    @Test
    void everyFunction_whenSamBuildsIt_hasAMakefileTargetAndJarsOfItsOwn() throws IOException {
        JsonNode resources = new ObjectMapper().readTree(Path.of("target", "template.transformed.json").toFile())
                .get("Resources");
        String makefile = Files.readString(Path.of("Makefile"));
        Set<String> functions = new TreeSet<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().get("Type").asText().equals("AWS::Lambda::Function")) {
                String function = resource.getKey();
                functions.add(function);
                assertEquals("makefile", resource.getValue().at("/Metadata/BuildMethod").asText(), function);
                Pattern target = Pattern.compile("(?m)^[\\w -]*\\bbuild-" + function + "\\b[\\w -]*:");
                assertTrue(target.matcher(makefile).find(), "the Makefile has no target build-" + function);
                assertTrue(Files.isDirectory(Path.of("target", "package-lib", function)), function);
            }
        });
        assertEquals(new TreeSet<>(FUNCTIONS), functions, "each function's package is run below");
    }

    @Test
    void provisioner_whenStartedOnItsOwnPackage_answersCreateWithSuccess() throws Exception {
        String output = runOnPackage("ProvisionerFunction", Map.of(), "create");

        assertTrue(output.contains("\"coldMs\""), output);
    }

    @Test
    void provisioner_whenStartedOnItsOwnPackage_answersEveryRequestOfALifecycleWithSuccess() throws Exception {
        String output = runOnPackage("ProvisionerFunction", Map.of(), Lifecycle.class, new String[0]);

        assertTrue(output.contains("lifecycle: SUCCESS"), output);
    }

    @Test
    void healthChecker_whenStartedOnItsOwnPackage_runsEveryCheck() throws Exception {
        Map<String, String> environment = Benchmark.setup(1);

        String output = runOnPackage("HealthCheckFunction", environment, "health");

        assertTrue(output.contains("\"Sns:Publish\":1"), output);
    }

    /** Runs the benchmark tool in MODE on FUNCTION's package against this JVM's moto; its output. */
    private static String runOnPackage(String function, Map<String, String> environment, String mode)
            throws IOException, InterruptedException {
        return runOnPackage(function, environment, Benchmark.class, new String[] {mode});
    }

    /** Runs MAIN with ARGS on FUNCTION's package against this JVM's moto; its output. */
    private static String runOnPackage(String function, Map<String, String> environment, Class<?> main,
                                       String[] args) throws IOException, InterruptedException {
        Path lib = Path.of("target", "package-lib", function);
        assertTrue(Files.isDirectory(lib), lib + " is missing: scripts/lib/shrink-sdk writes it in process-classes");
        String classpath = String.join(File.pathSeparator, "target/classes", lib + "/*", "target/test-classes");
        // C1 only and the serial collector, as template.yaml starts the functions: the quickest start.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.putAll(Map.of("AWS_ENDPOINT_URL", MotoServer.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "CBOR_ENABLED", "false",
                "POWERTOOLS_LOG_LEVEL", "WARN", "AWS_EMF_ENVIRONMENT", "Local"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), function + " did not finish: " + output);
        assertEquals(0, process.exitValue(), function + " failed on its own package:\n" + output);
        return output;
    }
}
