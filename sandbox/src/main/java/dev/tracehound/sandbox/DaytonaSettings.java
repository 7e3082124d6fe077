package dev.tracehound.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Daytona's REST API.
 *
 * @param baseUrl        the API root, e.g. {@code https://app.daytona.io/api}
 * @param apiKey         sent as {@code Authorization: Bearer <key>}; never logged nor put in a message
 * @param organizationId sent as {@code X-Daytona-Organization-ID} when present
 * @param requestTimeout how long one HTTP request may take (a command's own timeout is added for execute)
 * @param maxRetries     how many times a 5xx answer or a connection failure is retried, with exponential backoff
 */
public record DaytonaSettings(URI baseUrl, String apiKey, Optional<String> organizationId, Duration requestTimeout,
        int maxRetries) {

    public DaytonaSettings {
        Objects.requireNonNull(baseUrl, "baseUrl: set the Daytona API URL, e.g. https://app.daytona.io/api");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, e.g. "
                    + "https://app.daytona.io/api, was " + baseUrl);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is blank: set the Daytona API key (DAYTONA_API_KEY)");
        }
        organizationId = organizationId == null ? Optional.empty() : organizationId.filter(id -> !id.isBlank());
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + maxRetries);
        }
        String path = baseUrl.toString();
        if (path.endsWith("/")) {
            baseUrl = URI.create(path.substring(0, path.length() - 1));
        }
    }

    /** No organization header, 30 s per request, 3 retries. */
    static DaytonaSettings of(URI baseUrl, String apiKey) {
        return new DaytonaSettings(baseUrl, apiKey, Optional.empty(), Duration.ofSeconds(30), 3);
    }

    /** Keeps the key out of logs and exception messages that print the settings. */
    @Override
    public String toString() {
        return "DaytonaSettings[baseUrl=" + baseUrl + ", apiKey=***, organizationId=" + organizationId
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }
}
