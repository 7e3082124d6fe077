package dev.tracehound.devstripe;

import java.time.Instant;
import java.util.Map;

/**
 * One request the stub received under {@code /v1}: method, path, its form or query parameters
 * read into nested maps and lists ({@code line_items[0][price]} is
 * {@code params.get("line_items").get(0).get("price")}), the {@code Idempotency-Key} (or null), when.
 */
public record RecordedRequest(String method, String path, Map<String, Object> params, String idempotencyKey, Instant time) {}
