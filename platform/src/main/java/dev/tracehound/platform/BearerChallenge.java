package dev.tracehound.platform;

/**
 * The {@code WWW-Authenticate} value of every 401 this service sends (RFC 6750), from the query
 * and agent APIs, the actuator and OTLP/HTTP ingest alike: the realm alone when no token came,
 * and {@code error="invalid_token"} when one came and was refused.
 */
public final class BearerChallenge {

    public static final String HEADER = "WWW-Authenticate";

    private static final String MISSING = "Bearer realm=\"tracehound\"";
    private static final String INVALID = MISSING + ", error=\"invalid_token\"";

    private BearerChallenge() {}

    /** @param tokenSent whether the request carried a key that was refused */
    public static String of(boolean tokenSent) {
        return tokenSent ? INVALID : MISSING;
    }
}
