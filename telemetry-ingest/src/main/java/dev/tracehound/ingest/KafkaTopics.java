package dev.tracehound.ingest;

import dev.tracehound.analytics.TelemetryTable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The topics of distributed mode: one per table ({@code <prefix>spans}, {@code <prefix>logs},
 * {@code <prefix>metrics}) and {@code <prefix>dead-letter} for records that can never be
 * stored.
 */
public record KafkaTopics(String prefix) {

    public KafkaTopics {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("a Kafka topic prefix may hold only letters, digits, '.', '_' and '-'");
        }
    }

    String of(TelemetryTable table) {
        return prefix + table.tableName();
    }

    public List<String> tables() {
        return Arrays.stream(TelemetryTable.values()).map(this::of).toList();
    }

    public String deadLetter() {
        return prefix + "dead-letter";
    }

    Optional<TelemetryTable> tableOf(String topic) {
        return Arrays.stream(TelemetryTable.values()).filter(t -> of(t).equals(topic)).findFirst();
    }
}
