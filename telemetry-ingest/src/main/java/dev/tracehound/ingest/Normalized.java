package dev.tracehound.ingest;

import java.util.ArrayList;
import java.util.List;

/** Rows ready to store, and what was rejected on the way, with the first few reasons. */
record Normalized<T>(List<T> rows, long rejected, List<String> reasons) {

    static final int MAX_REASONS = 5;

    /** The partial_success error message: what was wrong with the first records rejected. */
    String message() {
        if (rejected == 0) {
            return "";
        }
        String shown = String.join("; ", reasons);
        return rejected > reasons.size() ? shown + "; and " + (rejected - reasons.size()) + " more" : shown;
    }

    static final class Builder<T> {
        private final List<T> rows = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private long rejected;

        void accept(T row) {
            rows.add(row);
        }

        void reject(String reason) {
            rejected++;
            if (reasons.size() < MAX_REASONS) {
                reasons.add(reason);
            }
        }

        Normalized<T> build() {
            return new Normalized<>(List.copyOf(rows), rejected, List.copyOf(reasons));
        }
    }
}
