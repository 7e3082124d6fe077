package dev.tracehound.tools;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A tool's input schema, compiled once; says which fields of an input are wrong and why. */
final class InputValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;

    InputValidator(String toolName, String schemaJson) {
        try {
            this.schema = REGISTRY.getSchema(schemaJson, InputFormat.JSON);
            schema.initializeValidators();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the input schema of " + toolName + " is not a JSON Schema: "
                    + e.getMessage(), e);
        }
    }

    /** Empty when the input is valid; otherwise one line per problem, naming the field. */
    List<String> problems(JsonNode input) {
        if (input == null || !input.isObject()) {
            return List.of("the input must be a JSON object, got " + (input == null ? "nothing" : input.getNodeType()));
        }
        return schema.validate(input).stream().map(InputValidator::describe).distinct().limit(10).toList();
    }

    /** E.g. {@code 'limit': must have a maximum value of 50}, or {@code input: required property 'op' not found}. */
    private static String describe(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String text = error.toString();
        String message = text.startsWith(location + ": ") ? text.substring(location.length() + 2) : error.getMessage();
        String field = location.startsWith("/") ? location.substring(1).replace('/', '.') : location;
        return (field.isEmpty() ? "input" : "'" + field + "'") + ": " + message;
    }
}
