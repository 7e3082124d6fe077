package dev.tracehound.tools;

import dev.tracehound.analytics.query.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** A model's names of what to group by: span fields by short names, attributes by key. */
final class Dimensions {

    static final String DESCRIPTION = "Group by up to 3 of: service, operation, status, kind, scope, llm_system,"
            + " llm_model, a span attribute key (e.g. http.route, payment.provider), or 'resource:' and a resource"
            + " attribute key (e.g. resource:service.version).";

    private Dimensions() {}

    static List<Aggregation.Dimension> of(JsonNode list) {
        var dimensions = new ArrayList<Aggregation.Dimension>();
        if (list != null) {
            list.forEach(item -> dimensions.add(of(item.asString().strip())));
        }
        return dimensions;
    }

    static Aggregation.Dimension of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "service", "service_name" -> Aggregation.Field.SERVICE_NAME;
            case "operation", "name", "span_name" -> Aggregation.Field.NAME;
            case "status", "status_code" -> Aggregation.Field.STATUS_CODE;
            case "kind" -> Aggregation.Field.KIND;
            case "scope", "scope_name" -> Aggregation.Field.SCOPE_NAME;
            case "llm_system" -> Aggregation.Field.LLM_SYSTEM;
            case "llm_model", "model" -> Aggregation.Field.LLM_MODEL;
            default -> attribute(name);
        };
    }

    static Aggregation.Attribute attribute(String name) {
        if (name.startsWith("resource:")) {
            String key = name.substring("resource:".length()).strip();
            if (key.isEmpty()) {
                throw new ToolFailure("'resource:' needs an attribute key after it, e.g. resource:service.version");
            }
            return Aggregation.Attribute.resource(key);
        }
        return Aggregation.Attribute.span(name);
    }
}
