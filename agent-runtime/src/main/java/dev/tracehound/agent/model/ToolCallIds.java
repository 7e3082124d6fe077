package dev.tracehound.agent.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a reply's tool calls in order. A provider that sends no call id (some local servers)
 * gets one made up here, since the loop answers every call by its id; a call seen again under
 * the same id replaces the earlier, less complete one.
 */
final class ToolCallIds {

    private final Map<String, ToolCall> callsById = new LinkedHashMap<>();

    void add(String id, String name, String arguments) {
        String callId = id == null || id.isBlank() ? "call_" + (callsById.size() + 1) : id;
        callsById.put(callId, new ToolCall(callId, name, arguments == null ? "" : arguments));
    }

    List<ToolCall> calls() {
        return new ArrayList<>(callsById.values());
    }
}
