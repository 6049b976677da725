package com.meter.siem.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Sends the CloudFormation response again when the PUT fails or is not answered with 2xx: a lost
 * response leaves the stack waiting for the custom resource's whole ServiceTimeout.
 *
 * <p>Failure messages name only the status or the exception type: the pre-signed URL is a credential.
 */
final class RetryingHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final int attempts;
    private final Duration firstBackoff;

    RetryingHttpClient(SdkHttpClient delegate, int attempts, Duration firstBackoff) {
        this.delegate = delegate;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        byte[] body = request.contentStreamProvider().map(RetryingHttpClient::readAll).orElse(new byte[0]);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return send(request, body);
            }

            @Override
            public void abort() {
                // each attempt is bounded by the delegate's timeouts
            }
        };
    }

    private HttpExecuteResponse send(HttpExecuteRequest request, byte[] body) throws IOException {
        String lastFailure = "no attempt made";
        long backoff = firstBackoff.toMillis();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            HttpExecuteRequest copy = HttpExecuteRequest.builder()
                    .request(request.httpRequest())
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
                    .build();
            try {
                HttpExecuteResponse response = delegate.prepareRequest(copy).call();
                int status = response.httpResponse().statusCode();
                if (status / 100 == 2) {
                    return response;
                }
                close(response);
                lastFailure = "HTTP " + status;
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName();
            }
            if (attempt < attempts) {
                pause(backoff);
                backoff *= 2;
            }
        }
        throw new IOException("CloudFormation did not accept the response after %d attempts; last failure: %s"
                .formatted(attempts, lastFailure));
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static byte[] readAll(ContentStreamProvider provider) {
        try (InputStream stream = provider.newStream()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the response body", e);
        }
    }

    private static void close(HttpExecuteResponse response) {
        response.responseBody().ifPresent(body -> {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is discarded either way
            }
        });
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to resend the CloudFormation response");
        }
    }
}
