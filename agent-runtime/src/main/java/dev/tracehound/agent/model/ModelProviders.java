package dev.tracehound.agent.model;

import org.springframework.ai.chat.model.ChatModel;

import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * The provider choice: builds the agent's model from a stack and typed settings, without Spring
 * Boot's auto-configuration. A model built here answers a misconfiguration (an endpoint that
 * does not answer, a refused key, an unknown model) with a message that names the setting to fix.
 */
public final class ModelProviders {

    private ModelProviders() {}

    /** The agent's model: the stack's client for the settings' provider, streaming. */
    public static AgentModel agentModel(ModelStack stack, ModelSettings settings) {
        AgentModel model = switch (stack) {
            case SPRING_AI -> SpringAiModel.streaming(springAi(settings), settings.model(), settings.contextWindow());
            case LANGCHAIN4J -> LangChain4jModel.streaming(langChain4j(settings), settings.model(), settings.contextWindow());
        };
        return new ConfiguredModel(model, settings);
    }

    /** The agent's model through Spring AI, the default stack. */
    public static AgentModel agentModel(ModelSettings settings) {
        return agentModel(ModelStack.SPRING_AI, settings);
    }

    /** The Spring AI chat model the settings describe. */
    public static ChatModel springAi(ModelSettings settings) {
        return SpringAiChatModels.of(settings);
    }

    /** The LangChain4j streaming chat model the settings describe. */
    public static StreamingChatModel langChain4j(ModelSettings settings) {
        return LangChain4jChatModels.of(settings);
    }

    /**
     * What answers, for a person: {@code model llama3.1 through ollama (langchain4j) at
     * http://127.0.0.1:11434}. Never the key.
     */
    public static String describe(ModelStack stack, ModelSettings settings) {
        return "model " + settings.model() + " through " + settings.provider().label() + " (" + stack.label() + ") at "
                + settings.endpoint();
    }
}
