package dev.tracehound.analytics.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a live tail stands, as the opaque string clients hold: the server second up to which
 * it has read the batch ledger, and the keys of the batches it has read that were stored
 * within the overlap before it.
 *
 * @param second    epoch second, in the ClickHouse server's clock (that of {@code stored_at})
 * @param seen      {@link #key(String)} of batches already delivered that were stored at or after
 *                  {@code second} minus the overlap
 * @param exact     whether {@code seen} holds all of them; when not, it holds the newest
 */
record Watermark(long second, List<String> seen, boolean exact) {

    /** Keeps a token well under the 8 KiB a server accepts in a header (SSE's Last-Event-ID). */
    static final int MAX_SEEN = 64;

    private static final String VERSION = "t1";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16}");

    Watermark {
        if (second < 0) {
            throw new IllegalArgumentException("negative second");
        }
        seen = List.copyOf(seen);
        if (seen.size() > MAX_SEEN || !seen.stream().allMatch(k -> KEY.matcher(k).matches())) {
            throw new IllegalArgumentException("bad batch keys");
        }
    }

    /**
     * A batch id shortened to 64 bits, enough to tell apart the few thousand batches of an
     * overlap (ids are 128-bit content hashes in hex); other ids are hashed to the same form.
     */
    static String key(String batchId) {
        if (batchId.length() >= 16 && KEY.matcher(batchId.substring(0, 16)).matches()) {
            return batchId.substring(0, 16);
        }
        return "%016x".formatted(
                java.util.UUID.nameUUIDFromBytes(batchId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits());
    }

    String encode() {
        String text = second + ":" + (exact ? "e" : "p") + ":" + String.join(",", seen);
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException when {@code token} is not a watermark a tail made */
    static Watermark decode(String token) {
        try {
            if (!token.startsWith(VERSION)) {
                throw new IllegalArgumentException("unknown version");
            }
            String text = new String(Base64.getUrlDecoder().decode(token.substring(VERSION.length())),
                    StandardCharsets.US_ASCII);
            String[] parts = text.split(":", -1);
            if (parts.length != 3 || !(parts[1].equals("e") || parts[1].equals("p"))) {
                throw new IllegalArgumentException("malformed");
            }
            List<String> seen = parts[2].isEmpty() ? List.of() : List.of(parts[2].split(","));
            return new Watermark(Long.parseLong(parts[0]), seen, parts[1].equals("e"));
        } catch (RuntimeException e) {
            throw new InvalidQueryException("'" + abbreviate(token) + "' is not a live tail watermark; "
                    + "resume with the last watermark (event id) the tail sent, or open the tail without one");
        }
    }

    private static String abbreviate(String token) {
        return token.length() <= 40 ? token : token.substring(0, 37) + "...";
    }
}
