package dev.tracehound.analytics.query;

import dev.tracehound.analytics.query.BubbleUpFields.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/** BubbleUp's selection: as a SQL condition, and the dimensions it is defined by. */
final class BubbleUpSelection {

    private BubbleUpSelection() {}

    /** The selection as one SQL condition, its values bound into {@code where} under names of its own. */
    static String selection(BubbleUp.Selection selection, Conditions where) {
        var parts = new ArrayList<String>();
        selection.from().ifPresent(v -> {
            parts.add("start_time_ns >= {selFromNs:UInt64}");
            where.bind("selFromNs", Math.max(0, QueryParts.nanos(v)));
        });
        selection.to().ifPresent(v -> {
            parts.add("start_time_ns < {selToNs:UInt64}");
            where.bind("selToNs", Math.max(0, QueryParts.nanos(v)));
        });
        selection.minDuration().ifPresent(v -> {
            parts.add("duration_ns >= {selMinNs:UInt64}");
            where.bind("selMinNs", v.toNanos());
        });
        selection.maxDuration().ifPresent(v -> {
            parts.add("duration_ns <= {selMaxNs:UInt64}");
            where.bind("selMaxNs", v.toNanos());
        });
        selection.status().ifPresent(v -> {
            parts.add("status_code = {selStatus:String}");
            where.bind("selStatus", v.name());
        });
        for (int i = 0; i < selection.attributes().size(); i++) {
            AttributeFilter filter = selection.attributes().get(i);
            where.bind("selKey" + i, filter.key()).bind("selValue" + i, filter.value());
            parts.add(Conditions.attribute(filter, "span_attributes", "{selKey" + i + ":String}",
                    "{selValue" + i + ":String}"));
        }
        return "(" + String.join(" AND ", parts) + ")";
    }

    /** The dimensions the selection is defined by: they differ by construction, so they are not compared. */
    static Set<String> selectionDimensions(BubbleUp.Selection selection) {
        var dims = new HashSet<String>();
        if (selection.minDuration().isPresent() || selection.maxDuration().isPresent()) {
            dims.add(Field.DURATION.dim());
        }
        if (selection.status().isPresent()) {
            dims.add(Field.STATUS.dim());
        }
        for (AttributeFilter filter : selection.attributes()) {
            dims.add((filter.scope() == AttributeFilter.Scope.RECORD ? "s" : "r") + filter.key());
        }
        return dims;
    }
}
