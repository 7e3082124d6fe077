package dev.tracehound.agent.model;

import java.util.function.Consumer;

/**
 * What the adapters of a framework's chat model share behind the port: the model's name and
 * context window, checked once, and no call started on a thread that is already interrupted
 * (a cancelled run).
 */
abstract sealed class FrameworkModel implements AgentModel permits SpringAiModel, LangChain4jModel {

    private final String name;
    private final int contextWindow;

    FrameworkModel(String name, int contextWindow) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model name is required");
        }
        if (contextWindow < 1) {
            throw new IllegalArgumentException("contextWindow must be positive, was " + contextWindow);
        }
        this.name = name;
        this.contextWindow = contextWindow;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int contextWindow() {
        return contextWindow;
    }

    @Override
    public final ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("model call cancelled before it started");
        }
        return call(request, textDeltas);
    }

    /** One call of the framework's model, as {@link #reply} promises it. */
    abstract ModelReply call(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException;
}
