package com.meter.siem.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * PUTs an {@link Answer} to the request's pre-signed ResponseURL, in the body CloudFormation expects.
 * The URL is a credential: nothing here logs it or puts it in an exception.
 */
final class ResponseSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient client;

    ResponseSender(SdkHttpClient client) {
        this.client = client;
    }

    /** @throws IOException when CloudFormation did not accept the answer; the message never names the URL */
    void send(CustomResourceRequest request, Answer answer, String logStreamName) throws IOException {
        byte[] body = body(request, answer, logStreamName).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest put = SdkHttpRequest.builder()
                .uri(URI.create(request.responseUrl()))
                .method(SdkHttpMethod.PUT)
                // The URL is signed for the host only; an empty content type is what CloudFormation's own
                // cfn-response module sends.
                .headers(Map.of("Content-Type", List.of(""),
                        "Content-Length", List.of(Integer.toString(body.length))))
                .build();
        HttpExecuteResponse response = client.prepareRequest(HttpExecuteRequest.builder()
                .request(put)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
                .build()).call();
        response.responseBody().ifPresent(stream -> {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the answer was accepted; the connection is discarded either way
            }
        });
    }

    static String body(CustomResourceRequest request, Answer answer, String logStreamName) {
        ObjectNode body = JSON.createObjectNode()
                .put("Status", answer.status().name())
                .put("Reason", answer.reason() != null ? answer.reason()
                        : "See the details in CloudWatch Log Stream: " + logStreamName)
                .put("PhysicalResourceId", answer.physicalResourceId())
                .put("StackId", request.stackId())
                .put("RequestId", request.requestId())
                .put("LogicalResourceId", request.logicalResourceId())
                .put("NoEcho", false);
        body.set("Data", JSON.valueToTree(answer.data()));
        return body.toString();
    }
}
