package dev.tracehound.ingest;

import java.util.Optional;

/** Which project an API key sends for; the platform implements it. May block. */
@FunctionalInterface
public interface ProjectKeys {

    /** The project id for a presented key, or empty when the key is unknown or revoked. */
    Optional<String> projectFor(String apiKey);
}
