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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/stackset-package for real, with an `aws` on the PATH that answers put-object as S3 does (with the new
 * object's VersionId, or "None" for a bucket without versioning): the template pins each region's version of
 * each package, so the code a stack instance runs cannot be swapped under the same key.
 */
class StackSetCodePinningTest {
    private static final String FAKE_AWS = """
            #!/usr/bin/env bash
            echo "$*" >>"$FAKE_AWS_LOG"
            [[ $1 == s3api && $2 == put-object && $* == *"--query VersionId"* ]] || exit 0
            [[ -n ${FAKE_AWS_UNVERSIONED:-} ]] && { echo None; exit 0; }
            while (( $# )); do
              case $1 in --region) region=$2 ;; --key) key=$2 ;; esac
              shift
            done
            echo "v-$region-${key##*/}"
            """;

    @TempDir
    Path bin;

    @Test
    void template_whenPackagesUploaded_pinsEachRegionsObjectVersion() throws IOException, InterruptedException {
        Result result = run(Map.of());

        assertEquals(0, result.exitCode(), result.output());
        JsonNode template = new ObjectMapper().readTree(Path.of("target", "stackset", "template.json").toFile());
        for (String function : DeployedTemplate.functions()) {
            JsonNode code = template.at("/Resources/" + function + "/Properties/Code");
            assertEquals("[\"CodeVersions\",{\"Ref\":\"AWS::Region\"},\"" + function + "\"]",
                    code.get("S3ObjectVersion").get("Fn::FindInMap").toString());
            String key = code.get("S3Key").asText();
            String file = key.substring(key.lastIndexOf('/') + 1);
            for (String region : new String[] {"us-east-1", "eu-west-1"}) {
                assertEquals("v-" + region + "-" + file,
                        template.at("/Mappings/CodeVersions/" + region + "/" + function).asText());
            }
        }
        String log = Files.readString(bin.resolve("aws.log"));
        assertTrue(log.indexOf("--key meter-siem-integration/template-") > log.lastIndexOf("--query VersionId"),
                "the template is uploaded once every version is pinned");
    }

    @Test
    void upload_whenTheBucketIsNotVersioned_isRefusedNamingTheFix() throws IOException, InterruptedException {
        Result result = run(Map.of("FAKE_AWS_UNVERSIONED", "1"));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("stackset-package: bucket acme-meter-siem-210987654321-us-east-1 is not"
                + " versioned, so the code cannot be pinned"), result.output());
        assertFalse(Files.readString(bin.resolve("aws.log")).contains("meter-siem-integration/template-"),
                "no template uploaded");
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(Map<String, String> environment) throws IOException, InterruptedException {
        Path aws = bin.resolve("aws");
        Files.writeString(aws, FAKE_AWS);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path packages = Files.createDirectories(Path.of("target", "stackset-pinning-packages"));
        for (String function : DeployedTemplate.functions()) {
            Files.writeString(packages.resolve(function + ".zip"), "not a real package of " + function);
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/stackset-package", "--bucket-prefix",
                "acme-meter-siem", "--regions", "us-east-1,eu-west-1", "--packages", packages.toString(), "--account",
                "210987654321").redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_AWS_LOG", bin.resolve("aws.log").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "stackset-package did not finish");
        return new Result(process.exitValue(), output);
    }
}
