package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestMeteringTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetering metering = new IngestMetering(registry);

    @Test
    void addsEachRulesCountToItsCounterPerProject() {
        metering.redactions("p1", Map.of("email", 2L, "order-id", 3L));
        metering.redactions("p1", Map.of("email", 1L));
        metering.redactions("p2", Map.of("email", 5L));

        assertThat(count("p1", "email")).isEqualTo(3);
        assertThat(count("p1", "order-id")).isEqualTo(3);
        assertThat(count("p2", "email")).isEqualTo(5);
    }

    @Test
    void nothingToCountRegistersNothing() {
        metering.redactions("p1", Map.of());
        metering.redactions("p1", Map.of("email", 0L));
        metering.redactions(null, Map.of("email", 4L));
        metering.redactions("p1", null);

        assertThat(registry.find(IngestMetering.REDACTIONS).counters()).isEmpty();
    }

    private double count(String project, String rule) {
        return registry.get(IngestMetering.REDACTIONS).tag("project", project).tag("rule", rule).counter().count();
    }
}
