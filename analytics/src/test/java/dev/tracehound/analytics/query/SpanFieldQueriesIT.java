package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filter suggestions from real rows: project a has 30 checkout charges (20 via stripe_v3, 10
 * via adyen) and 10 inventory spans; project b has a key of its own that a must never see.
 */
class SpanFieldQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));

    private static TestClickHouse clickHouse;
    private static SpanFieldQueries fields;

    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        fields = new SpanFieldQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        for (int n = 0; n < 30; n++) {
            spans.add(span("a", n, "checkout", Map.of("payment.provider", n < 20 ? "stripe_v3" : "adyen")));
        }
        for (int n = 30; n < 40; n++) {
            spans.add(span("a", n, "inventory", Map.of("db.system", "postgresql")));
        }
        spans.add(span("b", 0, "checkout", Map.of("secret.of.b", "x")));
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void keysComeWithTheirScopeMostSpansFirstAndNeverFromAnotherProject() {
        var keys = fields.keys("a", T0, T1, Optional.empty());

        assertThat(keys.items()).first().isEqualTo(new SpanFields.Key(AttributeFilter.Scope.RESOURCE, "service.name", 40));
        assertThat(keys.items()).contains(new SpanFields.Key(AttributeFilter.Scope.RECORD, "payment.provider", 30),
                new SpanFields.Key(AttributeFilter.Scope.RECORD, "db.system", 10));
        assertThat(keys.items()).extracting(SpanFields.Key::key).doesNotContain("secret.of.b");
        assertThat(keys.truncated()).isFalse();
        assertThat(fields.keys("a", T0, T1, Optional.of("inventory")).items()).extracting(SpanFields.Key::key)
                .containsExactlyInAnyOrder("service.name", "db.system");
    }

    @Test
    void valuesOfAKeyMostSpansFirstNarrowedByPrefix() {
        var values = fields.values("a", T0, T1, AttributeFilter.Scope.RECORD, "payment.provider", Optional.empty(),
                Optional.empty());

        assertThat(values.items()).containsExactly(new SpanFields.Value("stripe_v3", 20), new SpanFields.Value("adyen", 10));
        assertThat(fields.values("a", T0, T1, AttributeFilter.Scope.RECORD, "payment.provider", Optional.empty(),
                Optional.of("STR")).items()).containsExactly(new SpanFields.Value("stripe_v3", 20));
        assertThat(fields.values("a", T0, T1, AttributeFilter.Scope.RESOURCE, "service.name", Optional.empty(),
                Optional.empty()).items()).containsExactly(new SpanFields.Value("checkout", 30),
                new SpanFields.Value("inventory", 10));
        assertThat(fields.values("a", T0, T1, AttributeFilter.Scope.RECORD, "secret.of.b", Optional.empty(),
                Optional.empty()).items()).isEmpty();
    }

    @Test
    void anEmptyKeyOrABackwardRangeIsRefused() {
        assertThatThrownBy(() -> fields.values("a", T0, T1, AttributeFilter.Scope.RECORD, " ", Optional.empty(),
                Optional.empty())).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> fields.keys("a", T1, T0, Optional.empty())).isInstanceOf(InvalidQueryException.class);
    }

    private static SpanRow span(String project, int n, String service, Map<String, String> attributes) {
        long start = Duration.between(Instant.EPOCH, T0.plusSeconds(60L * n)).toNanos();
        return new SpanRow(project, String.format("%032x", n + 1), String.format("%016x", n + 1), "", "", "work",
                SpanKind.SERVER, StatusCode.UNSET, "", service, "scope", "1.0", start, 1_000_000,
                Map.of("service.name", service), attributes, List.of(), List.of(), SpanRow.LlmUsage.NONE);
    }
}
