package dev.tracehound.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows ready to store, how many records were rejected on the way, and the partial_success
 * error message: why the first few were rejected.
 */
record Normalized<T>(List<T> rows, long rejected, String message) {

    static final int MAX_REASONS = 5;

    static final class Builder<T> {
        private final List<T> rows = new ArrayList<>();
        private final Map<String, Long> reasons = new LinkedHashMap<>();
        private long rejected;

        void accept(T row) {
            rows.add(row);
        }

        void reject(String reason) {
            reject(reason, 1);
        }

        /** Rejects {@code records} records for one reason; a reason given again is counted, not repeated. */
        void reject(String reason, long records) {
            if (records <= 0) {
                return;
            }
            rejected += records;
            if (reasons.containsKey(reason) || reasons.size() < MAX_REASONS) {
                reasons.merge(reason, records, Long::sum);
            }
        }

        Normalized<T> build() {
            return new Normalized<>(List.copyOf(rows), rejected, message());
        }

        private String message() {
            var shown = new ArrayList<String>(reasons.size());
            long explained = 0;
            for (var reason : reasons.entrySet()) {
                shown.add(reason.getValue() == 1 ? reason.getKey() : reason.getKey() + " (" + reason.getValue() + " times)");
                explained += reason.getValue();
            }
            String message = String.join("; ", shown);
            return rejected > explained ? message + "; and " + (rejected - explained) + " more" : message;
        }
    }
}
