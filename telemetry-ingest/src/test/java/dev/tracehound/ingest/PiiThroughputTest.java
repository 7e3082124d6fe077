package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rough look at the hot path's speed: printed for a human, not asserted, since CI machines vary. */
class PiiThroughputTest {

    private static final int VALUES = 1_000_000;

    /** Attribute values as spans carry them; two of the 40 hold something to redact. */
    private static final List<String> TYPICAL_VALUES = List.of(
            "GET", "POST", "200", "404", "checkout", "cart-service", "production", "eu-west-1", "true", "35",
            "/api/v1/orders/{orderId}", "/api/v1/carts/8f14e45f/items", "HTTP/1.1", "http", "grpc", "OK",
            "https://shop.example.com/checkout?step=2&currency=EUR",
            "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/126.0",
            "SELECT id, total FROM orders WHERE customer_id = ? AND status = ?", "redis", "GET cart:8f14e45f",
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "123e4567-e89b-12d3-a456-426614174000",
            "2024-05-01T12:34:56.789Z", "1714557296789", "10.0.3.17", "opentelemetry-java", "1.49.0",
            "checkout-7d9f8b6c5-x2x7q", "java.net.SocketTimeoutException", "Read timed out after 30000 ms",
            "payment authorised", "kafka", "orders.created", "partition-3", "application/json", "gzip",
            "customer jane.doe@example.com placed order", "card 4111 1111 1111 1111 declined");

    @Test
    void printsScrubThroughputForTypicalAttributeValues() {
        String[] values = TYPICAL_VALUES.toArray(String[]::new);
        var builtInsOnly = PiiScrubber.builtInsOnly();
        var withProjectRules = new PiiScrubber(new ScrubRules(List.of(
                new ScrubRule("us-ssn", "\\b\\d{3}-\\d{2}-\\d{4}\\b"),
                new ScrubRule("loyalty-number", "LOY-[0-9]{8}"))));

        run(builtInsOnly, values, VALUES / 5);
        long builtInsNanos = run(builtInsOnly, values, VALUES);
        run(withProjectRules, values, VALUES / 5);
        long projectNanos = run(withProjectRules, values, VALUES);

        System.out.printf("PII scrub of %,d typical attribute values: built-ins only %,d ms (%.0f ns/value, %,.0f values/s);"
                        + " with 2 project rules %,d ms (%.0f ns/value)%n",
                VALUES, builtInsNanos / 1_000_000, (double) builtInsNanos / VALUES, VALUES * 1e9 / builtInsNanos,
                projectNanos / 1_000_000, (double) projectNanos / VALUES);
    }

    private static long run(PiiScrubber scrubber, String[] values, int count) {
        var counts = new PiiScrubCounts();
        long changed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String value = values[i % values.length];
            if (scrubber.scrub(value, counts) != value) {
                changed++;
            }
        }
        long nanos = System.nanoTime() - start;
        // Keeps the work observable, and shows the loop scrubbed what it should.
        long expected = 2L * (count / values.length) + Math.max(0, count % values.length - (values.length - 2));
        assertThat(changed).isEqualTo(expected);
        assertThat(counts.get("email")).isEqualTo(counts.get("card-number")).isEqualTo(expected / 2);
        return nanos;
    }
}
