package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Sinks the tests plug into the generator. */
final class Sinks {

    private Sinks() {
    }

    static TelemetrySink of(Consumer<SpanRow> spans, Consumer<LogRow> logs) {
        return new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                spans.accept(span);
            }

            @Override
            public void log(LogRow log) {
                logs.accept(log);
            }
        };
    }

    /** A SHA-256 over every row, in the order they arrive, covering every field. */
    static final class Hashing implements TelemetrySink {
        private final MessageDigest digest;

        Hashing() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void span(SpanRow span) {
            digest.update(span.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void log(LogRow log) {
            digest.update(log.toString().getBytes(StandardCharsets.UTF_8));
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** The p-th percentile (0..100) of {@code values} by nearest rank; sorts in place. */
    static long percentile(long[] values, double p) {
        java.util.Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
