package dev.tracehound.agent.model;

import java.util.function.Consumer;

/**
 * The one port every model sits behind: a Spring AI or LangChain4j chat model, or the built-in
 * offline investigator. Tool calls come back to the caller and are never run by the model's
 * framework, so the agent loop meters, persists and streams every step itself.
 */
public interface AgentModel {

    /** The model's name as the price table knows it, e.g. {@code gpt-4o-mini}. */
    String name();

    /** The model's context window, in tokens. */
    int contextWindow();

    /**
     * One model call. Text is passed to {@code textDeltas} as it streams (all at once where the
     * provider does not stream); the reply holds the whole text and every tool call.
     *
     * @throws InterruptedException when the calling thread is interrupted (the run was cancelled)
     * @throws ModelException when the provider fails or answers with something unusable
     */
    ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException;
}
