package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.template.DeployedTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of the template is built by the Makefile from the template's own list, run under the runtime by
 * a test of this package, and within Lambda's package limit.
 */
class PackagedFunctionsTest {
    /** The functions ProvisionerRuntimeIT and HealthCheckRuntimeIT run. */
    private static final Set<String> RUN_UNDER_THE_RUNTIME = Set.of("ProvisionerFunction", "HealthCheckFunction");

    @Test
    void everyFunction_whenSamBuildsIt_hasAMakefileTargetAndRunsUnderTheRuntimeInATest() throws Exception {
        JsonNode resources = transformedResources();
        for (String function : DeployedTemplate.functions()) {
            assertEquals("makefile", resources.at("/" + function + "/Metadata/BuildMethod").asText(), function);
            assertEquals("scripts/lib/build-package " + function + " \"out\"\n",
                    run("make", "--dry-run", "--makefile", "Makefile", "build-" + function, "ARTIFACTS_DIR=out"));
        }
        assertEquals(new TreeSet<>(RUN_UNDER_THE_RUNTIME), new TreeSet<>(DeployedTemplate.functions()));
    }

    /** The build reads the template without a YAML parser (`sam build` needs no Python): it must read the same. */
    @Test
    void functionList_whenTheBuildReadsTheTemplate_isTheTemplatesFunctionsWithWhatTheirPackagesLeaveOut()
            throws Exception {
        JsonNode resources = transformedResources();
        List<String> expected = new ArrayList<>();
        for (String function : DeployedTemplate.functions()) {
            List<String> excludes = new ArrayList<>();
            resources.at("/" + function + "/Metadata/PackageExcludes").forEach(name -> excludes.add(name.asText()));
            expected.add((function + " " + String.join(",", excludes)).strip());
        }

        List<String> read = run("scripts/lib/functions").lines().map(String::strip).toList();

        assertEquals(expected, read);
    }

    @ParameterizedTest
    @MethodSource("com.meter.siem.template.DeployedTemplate#functions")
    void package_whenBuiltAsSamBuildsIt_staysUnderLambdasUnzippedLimit(String function) {
        long bytes = SamBuild.unzippedBytes(SamBuild.taskRoot(function));

        assertTrue(bytes < 250L * 1024 * 1024, bytes + " bytes unzipped; Lambda's limit is 250 MB");
    }

    private static JsonNode transformedResources() throws IOException {
        return new ObjectMapper().readTree(Path.of("target", "template.transformed.json").toFile()).get("Resources");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
