package com.meter.siem.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The events CloudFormation sends for template.yaml's ArchiveDeliveryStream, on create.json's stack. */
public final class ArchiveEvents {
    public static final String DELIVERY_ROLE_ARN =
            "arn:aws:iam::123456789012:role/meter-siem-integration-ArchiveDeliveryRole-X1";

    private ArchiveEvents() {
    }

    /** @param requestType Create, Update (old properties the same as the new) or Delete */
    public static Events of(String requestType) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:meter-siem-provisioner");
        properties.put("ServiceTimeout", "1200");
        properties.put("SourceStreamArn", "arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events");
        properties.put("DeliveryRoleArn", DELIVERY_ROLE_ARN);
        properties.put("BucketArn", "arn:aws:s3:::meter-siem-archive-123456789012");
        properties.put("Prefix", "siem-events/year=!{timestamp:yyyy}/");
        properties.put("ErrorOutputPrefix", "siem-errors/!{firehose:error-output-type}/");
        properties.put("CompressionFormat", "GZIP");
        properties.put("BufferSizeMiB", "5");
        properties.put("BufferIntervalSeconds", "300");
        properties.put("LogGroupName", "/aws/kinesisfirehose/meter-siem-archive");
        properties.put("LogStreamName", "S3Delivery");
        Events event = Events.load("create.json").withField("RequestType", requestType)
                .withField("ResourceType", "Custom::MeterSiemArchiveDelivery")
                .withField("LogicalResourceId", "ArchiveDeliveryStream")
                .withField("ResourceProperties", properties);
        return requestType.equals("Update") ? event.withField("OldResourceProperties", properties) : event;
    }
}
