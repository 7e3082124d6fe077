package dev.tracehound.agent.offline;

/**
 * What the offline investigator can answer, for a question it cannot: it says so rather than
 * answer another question, lists what it can, and that a configured model can answer more.
 */
final class Capabilities {

    private Capabilities() {}

    static String beyond() {
        return """
                I can't answer that without a configured model. I am the built-in offline investigator: I answer \
                from this project's traces and logs with fixed steps, and this question is not one of those I know.

                I can answer:
                - why something is slow or failing ("why is the API slow since this morning?", "orders started failing")
                - whether anything is wrong right now
                - counts, error rates and latency percentiles of a service or an endpoint ("p99 of POST /orders in the \
                last hour?")
                - the slowest endpoints
                - LLM calls, tokens and cost by model, and why they went up
                - what happened in one trace (give its 32-hex id)
                - which logs mention some words
                - how two versions of a service compare ("1.4.0 vs 1.3.2 for billing")
                - which tenant or customer is most affected, or sends the most

                A configured model can answer other questions too: set OPENAI_API_KEY (or OPENAI_BASE_URL), \
                ANTHROPIC_API_KEY or OLLAMA_BASE_URL, or TRACEHOUND_AGENT_PROVIDER, and restart.""";
    }
}
