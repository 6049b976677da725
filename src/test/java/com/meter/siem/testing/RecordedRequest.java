package com.meter.siem.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request received by {@link ResponseUrlServer}. Path and query are kept raw (still percent-encoded)
 * so that a test can tell whether the caller re-encoded the pre-signed URL, which breaks its signature.
 *
 * @param headers header names are case-insensitive, as in HTTP
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** The first value of the header, if it was sent at all (an empty value is still a value). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
    }
}
