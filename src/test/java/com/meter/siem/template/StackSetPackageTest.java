package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scripts/stackset-package, in dry-run mode: the StackSets template it writes and the commands it prints. */
class StackSetPackageTest {
    private static String output;
    private static JsonNode template;

    @BeforeAll
    static void runDry() throws IOException, InterruptedException {
        Path packages = Files.createDirectories(Path.of("target", "stackset-test-packages"));
        for (String function : DeployedTemplate.functions()) {
            Files.writeString(packages.resolve(function + ".zip"), "not a real package of " + function);
        }
        Process process = new ProcessBuilder("bash", "scripts/stackset-package", "--bucket-prefix", "acme-meter-siem",
                "--regions", "us-east-1,eu-west-1", "--org-id", "o-a1b2c3d4e5", "--create-buckets",
                "--packages", packages.toString(), "--account", "210987654321", "--dry-run").redirectErrorStream(true).start();
        output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "stackset-package did not finish");
        assertEquals(0, process.exitValue(), output);
        template = new ObjectMapper().readTree(Path.of("target", "stackset", "template.json").toFile());
    }

    @Test
    void template_whenProduced_isPlainCloudFormationThatLintsClean() {
        assertFalse(template.has("Transform"), "service-managed StackSets reject the SAM transform");
        assertTrue(output.contains("==> cfn-lint target/stackset/template.json\n    no findings"), output);
        List<String> serverless = new ArrayList<>();
        template.get("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().get("Type").asText().startsWith("AWS::Serverless::")) {
                serverless.add(resource.getKey());
            }
        });
        assertEquals(List.of(), serverless);
    }

    @Test
    void functions_whenDeployedInARegion_readTheirOwnPackageFromThatRegionsBucket() {
        List<String> functions = new ArrayList<>();
        template.get("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().get("Type").asText().equals("AWS::Lambda::Function")) {
                String function = resource.getKey();
                functions.add(function);
                JsonNode code = resource.getValue().at("/Properties/Code");
                assertEquals("${CodeBucketPrefix}-210987654321-${AWS::Region}", code.at("/S3Bucket/Fn::Sub").asText());
                String key = code.get("S3Key").asText();
                assertTrue(key.matches("meter-siem-integration/" + function + "-[0-9a-f]{16}\\.zip"), code.toString());
                assertTrue(output.contains("--bucket acme-meter-siem-210987654321-eu-west-1 --key " + key
                        + " --body target/stackset-test-packages/" + function + ".zip"), output);
            }
        });
        assertEquals(DeployedTemplate.functions(), functions);
        assertEquals("acme-meter-siem", template.at("/Parameters/CodeBucketPrefix/Default").asText());
        assertEquals("PENDING", template.at("/Mappings/CodeVersions/eu-west-1/" + functions.get(0)).asText(),
                "a dry run uploads nothing, so knows no object version");
    }

    @Test
    void iamNames_whenOneAccountGetsTwoRegions_doNotCollide() {
        JsonNode properties = template.at("/Resources/MeterSiemIntegration/Properties");

        assertEquals("${IamRoleName}-${AWS::Region}", properties.at("/IamRoleName/Fn::Sub").asText());
        String everythingElse = template.path("Resources").toString().replace(properties.toString(), "");
        assertTrue(everythingElse.contains("role/${IamRoleName}-${AWS::Region}"), "the roles' policies name it too");
        assertFalse(everythingElse.matches(".*\\$\\{Iam(Role|Policy)Name}(?!-\\$\\{AWS::Region}).*"),
                "a policy names the role or policy without the region");
        assertEquals("${IamPolicyName}-${AWS::Region}", properties.at("/IamPolicyName/Fn::Sub").asText());
    }

    @Test
    void commands_whenDryRun_uploadToEveryRegionsBucketReadableByTheOrganization() {
        assertTrue(output.contains("--bucket acme-meter-siem-210987654321-us-east-1 --key meter-siem-integration/"),
                output);
        assertTrue(output.contains("--bucket acme-meter-siem-210987654321-eu-west-1 --key meter-siem-integration/"),
                output);
        assertEquals(output.lines().filter(line -> line.contains("put-object")).count(),
                output.lines().filter(line -> line.contains("put-object") && line.contains("--expected-bucket-owner"))
                        .count(), "every upload checks the bucket's owner");
        assertTrue(output.contains("--versioning-configuration Status=Enabled"), output);
        assertTrue(output.contains("aws:SecureTransport\\\":\\\"false"), output);
        assertTrue(output.contains("LocationConstraint=eu-west-1"), output);
        assertTrue(output.contains("aws:PrincipalOrgID\\\":\\\"o-a1b2c3d4e5"), output);
        assertTrue(output.contains("--permission-model SERVICE_MANAGED"), output);
        assertTrue(output.contains("--auto-deployment Enabled=true"), output);
        assertTrue(output.contains("FailureTolerancePercentage=10"), output);
    }

    /** No account gets an ID by parameter: each generates its own, unless a stack instance names its own secret. */
    @Test
    void externalId_whenDeployedToEveryAccount_isGeneratedInEachByDefault() {
        assertEquals("", template.at("/Parameters/ExistingExternalIdSecretArn/Default").asText("missing"));
        assertEquals("{\"Ref\":\"ExistingExternalIdSecretArn\"}",
                template.at("/Resources/MeterSiemIntegration/Properties/ExistingExternalIdSecretArn").toString());
    }
}
