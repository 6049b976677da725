package com.meter.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.meter.siem.provisioning.IntegrationProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml and the handler must agree on what the custom resource is given. */
class TemplateContractTest {
    private static final JsonNode TEMPLATE = load();

    @Test
    void customResource_whenTemplateRead_passesExactlyThePropertiesTheHandlerAccepts() {
        Set<String> passed = new TreeSet<>();
        TEMPLATE.at("/Resources/MeterSiemIntegration/Properties").fieldNames().forEachRemaining(passed::add);

        Set<String> current = new TreeSet<>(IntegrationProperties.ACCEPTED);
        current.removeAll(IntegrationProperties.LEGACY);
        assertEquals(current, passed);
    }

    @Test
    void parameters_whenTemplateRead_haveTheDefaultsTheHandlerAssumes() {
        Map<String, String> templateDefaults = new TreeMap<>();
        for (String property : IntegrationProperties.DEFAULTS.keySet()) {
            JsonNode parameter = TEMPLATE.at("/Parameters/" + property);
            templateDefaults.put(property, parameter.path("Default").asText());
        }

        assertEquals(new TreeMap<>(IntegrationProperties.DEFAULTS), templateDefaults);
    }

    /**
     * The SAM CLI's guided deploy cannot leave a NoEcho parameter empty, and a parameter's value lands in change
     * sets, shell history and samconfig.toml: no parameter carries the external ID.
     */
    @Test
    void parameters_whenTemplateRead_carryNoExternalId() {
        List<String> noEcho = new ArrayList<>();
        TEMPLATE.path("Parameters").fields().forEachRemaining(parameter -> {
            if (parameter.getValue().path("NoEcho").asBoolean()) {
                noEcho.add(parameter.getKey());
            }
        });

        assertEquals(List.of(), noEcho);
        assertTrue(TEMPLATE.at("/Parameters/ExternalId").isMissingNode());
        assertTrue(TEMPLATE.at("/Resources/MeterSiemIntegration/Properties/ExternalId").isMissingNode());
    }

    /** The provisioner refuses requests for any other stack, and for any other logical id of its types. */
    @Test
    void provisionerFunction_whenDeployed_isToldItsStackAndServesTheLogicalIdsItExpects() throws IOException {
        JsonNode deployed = new ObjectMapper().readTree(Path.of("target", "template.transformed.json").toFile());

        assertEquals("{\"Ref\":\"AWS::StackId\"}",
                deployed.at("/Resources/ProvisionerFunction/Properties/Environment/Variables/STACK_ID").toString());
        assertEquals("Custom::MeterSiemIntegration", deployed.at("/Resources/MeterSiemIntegration/Type").asText());
        assertEquals("Custom::MeterSiemArchiveDelivery", deployed.at("/Resources/ArchiveDeliveryStream/Type").asText());
    }

    /** The seam that lets tests answer to a local server is never set by the template. */
    @Test
    void template_whenRead_neverSetsTheTestResponseEndpoint() throws IOException {
        String deployed = Files.readString(Path.of("target", "template.transformed.json"));

        assertFalse(deployed.contains("METER_SIEM_TEST_RESPONSE_ENDPOINT"));
        assertFalse(Files.readString(Path.of("template.yaml")).contains("METER_SIEM_TEST_RESPONSE_ENDPOINT"));
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read template.yaml", e);
        }
    }
}
