package com.meter.siem.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every function of the template is built by the Makefile, run under the runtime by a test of this package, and
 * within Lambda's package limit.
 */
class PackagedFunctionsTest {
    /** The functions ProvisionerRuntimeIT and HealthCheckRuntimeIT run. */
    private static final Set<String> RUN_UNDER_THE_RUNTIME = Set.of("ProvisionerFunction", "HealthCheckFunction");

    @Test
    void everyFunction_whenSamBuildsIt_hasAMakefileTargetAndRunsUnderTheRuntimeInATest() throws IOException {
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
            }
        });
        assertEquals(new TreeSet<>(RUN_UNDER_THE_RUNTIME), functions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ProvisionerFunction", "HealthCheckFunction"})
    void package_whenBuiltAsSamBuildsIt_staysUnderLambdasUnzippedLimit(String function) {
        long bytes = SamBuild.unzippedBytes(SamBuild.taskRoot(function));

        assertTrue(bytes < 250L * 1024 * 1024, bytes + " bytes unzipped; Lambda's limit is 250 MB");
    }
}
