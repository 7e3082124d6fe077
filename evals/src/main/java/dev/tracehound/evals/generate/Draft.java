package dev.tracehound.evals.generate;

import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.evals.scenario.Selector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One span being made: its attributes and resource, which changes and faults are matched
 * against, then how it ended. Becomes a row once its children are done.
 */
final class Draft {

    final Topology.Service service;
    final int instance;
    final SpanKind kind;
    final String parentId;
    /** The operation's own name for an LLM call, whose span is named after the model too; null otherwise. */
    final String llmOperation;
    String name;
    String spanId;
    long start;
    /** Minutes from the window's start to {@link #start}: what changes and faults are timed in. */
    double minute;
    final Map<String, String> attributes;
    Map<String, String> resource;
    LlmUsage llm = LlmUsage.NONE;
    /** A bit per fault (in the scenario's order) that changed this span: failed, slowed, retried, more tokens. */
    long affectedBy;

    Draft(Topology.Service service, int instance, SpanKind kind, String name, String llmOperation, String parentId,
            String spanId, long start, double minute) {
        this.service = service;
        this.instance = instance;
        this.kind = kind;
        this.name = name;
        this.llmOperation = llmOperation;
        this.parentId = parentId;
        this.spanId = spanId;
        this.start = start;
        this.minute = minute;
        this.attributes = new LinkedHashMap<>();
        this.resource = service.resource(instance);
    }

    /** Another try of the same call: the same attributes, its own id and start. */
    Draft retry(String newSpanId, long newStart, double newMinute) {
        var copy = new Draft(service, instance, kind, name, llmOperation, parentId, newSpanId, newStart, newMinute);
        copy.attributes.putAll(attributes);
        copy.resource = resource;
        copy.affectedBy = affectedBy;
        return copy;
    }

    boolean selectedBy(Selector selector) {
        return selects(selector, service.name, name, llmOperation, attributes, resource);
    }

    /**
     * Whether the selector selects a span: the same service, the operation named (the span's
     * name, or for an LLM call also the operation's name, stored as {@code gen_ai.operation.name}),
     * the attribute holding the value in the scope named. A null selector selects every span.
     */
    static boolean selects(Selector selector, String service, String name, String llmOperation,
            Map<String, String> attributes, Map<String, String> resource) {
        if (selector == null) {
            return true;
        }
        if (!selector.service().equals(service)) {
            return false;
        }
        String operation = selector.operation();
        if (operation != null && !operation.equals(name) && !operation.equals(llmOperation)) {
            return false;
        }
        if (!selector.hasAttribute()) {
            return true;
        }
        Map<String, String> where = "resource".equals(selector.scope()) ? resource : attributes;
        return selector.value().equals(where.get(selector.key()));
    }
}
