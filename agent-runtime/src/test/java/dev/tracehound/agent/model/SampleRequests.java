package dev.tracehound.agent.model;

import java.util.List;

/** The tools and questions the model adapters' tests ask with. */
final class SampleRequests {

    static final ModelRequest.ToolSpec TRACE_SEARCH = new ModelRequest.ToolSpec("trace_search",
            "Finds traces matching a filter.", """
            {"type":"object","properties":{"service":{"type":"string"},"limit":{"type":"integer"}},"required":["service"]}""");
    static final ModelRequest.ToolSpec LOG_SEARCH = new ModelRequest.ToolSpec("log_search",
            "Finds log lines.", """
            {"type":"object","properties":{"query":{"type":"string"}}}""");

    private SampleRequests() {}

    /** A system prompt and one question, offering these tools; at most 1,000 tokens of answer. */
    static ModelRequest question(String text, ModelRequest.ToolSpec... tools) {
        return new ModelRequest(List.of(new ChatTurn.System("You investigate."), new ChatTurn.User(text)), List.of(tools), 1000);
    }
}
