package com.meter.siem.handler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Which response URLs the provisioner sends answers to: only CloudFormation's own response bucket for the
 * function's region, over HTTPS, at the object of the request's own stack. A forged event cannot make the
 * function PUT anything, its answer or otherwise, to a host of the sender's choosing.
 *
 * <p>CloudFormation names the bucket {@code cloudformation-custom-resource-response-<region without
 * hyphens>} and has used the global, the dash-regional and the dot-regional S3 host names for it.
 */
final class ResponseUrls {
    /** Set only by tests, to answer to a local server; the template never sets it (TemplateContractTest). */
    static final String TEST_ENDPOINT_VARIABLE = "METER_SIEM_TEST_RESPONSE_ENDPOINT";

    private final Pattern host;
    private final String testEndpoint;

    private ResponseUrls(String region, String testEndpoint) {
        String bucket = "cloudformation-custom-resource-response-" + region.replace("-", "");
        this.host = Pattern.compile(Pattern.quote(bucket) + "\\.s3([.-]" + Pattern.quote(region)
                + ")?\\.amazonaws\\.com(\\.cn)?");
        this.testEndpoint = testEndpoint;
    }

    static ResponseUrls forRegion(String region) {
        return new ResponseUrls(region, null);
    }

    /** Also accepts URLs under TEST_ENDPOINT (a scheme, host and port), for tests only. */
    static ResponseUrls forRegion(String region, String testEndpoint) {
        return new ResponseUrls(region, testEndpoint == null || testEndpoint.isBlank() ? null : testEndpoint);
    }

    /** Whether URL is CloudFormation's response endpoint for this region and for the object of STACK_ID. */
    boolean accepts(String url, String stackId) {
        if (testEndpoint != null && url.startsWith(testEndpoint + "/")) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        return "https".equals(uri.getScheme()) && uri.getHost() != null && host.matcher(uri.getHost()).matches()
                && uri.getPort() == -1 && uri.getUserInfo() == null && stackId != null
                && uri.getPath() != null && uri.getPath().startsWith("/" + stackId + "|");
    }
}
