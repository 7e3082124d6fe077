package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario's changes, applied to a span as it is made: in the scenario's order, each one
 * matched against the span as the changes before it left it, so a change may select by a value
 * another one set.
 */
final class Changes {

    private final List<Change> all;
    /** For each change, its bit among the resource changes, or -1 for a change of a span attribute. */
    private final int[] resourceBits;
    private final List<Change> resourceChanges = new ArrayList<>();

    Changes(List<Change> changes) {
        this.all = changes;
        this.resourceBits = new int[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i).scope().equals("resource")) {
                resourceBits[i] = resourceChanges.size();
                resourceChanges.add(changes.get(i));
            } else {
                resourceBits[i] = -1;
            }
        }
    }

    void apply(Draft span) {
        long appliedToResource = 0;
        for (int i = 0; i < all.size(); i++) {
            Change change = all.get(i);
            if (span.minute < change.atMinute() || !span.selectedBy(change.where())) {
                continue;
            }
            if (resourceBits[i] < 0) {
                span.attributes.put(change.key(), change.value());
            } else {
                appliedToResource |= 1L << resourceBits[i];
                span.resource = span.service.resource(span.instance, appliedToResource, resourceChanges);
            }
        }
    }
}
