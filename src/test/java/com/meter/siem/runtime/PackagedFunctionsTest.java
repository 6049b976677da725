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

/** Every function of the template is built by the Makefile and run under the runtime by a test of this package. */
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
}
