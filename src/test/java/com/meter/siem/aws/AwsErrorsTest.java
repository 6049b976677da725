package com.meter.siem.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

class AwsErrorsTest {
    @Test
    void describe_whenTheErrorBodyCouldNotBeParsed_namesTheHttpStatusInstead() {
        var failure = KinesisException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().build()).build();

        assertEquals("HTTP 403 AccessDenied: (no message) (the provisioner's role lacks a permission; see"
                + " ProvisionerRole in template.yaml)", AwsErrors.describe(failure));
    }

    @Test
    void describe_whenTheCodeIsKnown_addsTheAdvice() {
        var failure = KinesisException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("KMSNotFoundException").errorMessage("Key not found").build()).build();

        assertEquals("KMSNotFoundException: Key not found (KmsKeyArn does not name an existing key in this region)",
                AwsErrors.describe(failure));
    }
}
