package com.meter.siem.handler;

import java.util.Map;

/** What the custom resource tells CloudFormation about one request. */
record Answer(Status status, String physicalResourceId, String reason, Map<String, String> data) {
    enum Status { SUCCESS, FAILED }

    Answer {
        data = Map.copyOf(data);
    }

    static Answer success(String physicalResourceId, Map<String, String> data) {
        return new Answer(Status.SUCCESS, physicalResourceId, null, data);
    }

    static Answer failed(String physicalResourceId, String reason) {
        return new Answer(Status.FAILED, physicalResourceId, reason, Map.of());
    }
}
