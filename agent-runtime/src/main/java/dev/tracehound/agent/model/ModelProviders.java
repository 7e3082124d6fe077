package dev.tracehound.agent.model;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/** Builds chat models from typed settings, without Spring Boot's auto-configuration. */
public final class ModelProviders {

    private static final String OPENAI_URL = "https://api.openai.com/v1";
    private static final String ANTHROPIC_URL = "https://api.anthropic.com";

    private ModelProviders() {}

    /** The Spring AI chat model the settings describe. */
    public static ChatModel springAi(ModelSettings settings) {
        return switch (settings.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .options(OpenAiChatOptions.builder()
                            // Explicit, so the client never falls back to OPENAI_* environment variables.
                            .baseUrl(settings.baseUrl() == null ? OPENAI_URL : settings.baseUrl())
                            // An empty key makes Spring AI send no Authorization header at all.
                            .apiKey(settings.apiKey() == null ? "" : settings.apiKey())
                            .model(settings.model())
                            .timeout(settings.requestTimeout())
                            .maxRetries(settings.maxRetries())
                            .build())
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .options(AnthropicChatOptions.builder()
                            .baseUrl(settings.baseUrl() == null ? ANTHROPIC_URL : settings.baseUrl())
                            .apiKey(settings.apiKey() == null ? "" : settings.apiKey())
                            .model(settings.model())
                            .timeout(settings.requestTimeout())
                            .maxRetries(settings.maxRetries())
                            .build())
                    .build();
        };
    }

    /** The agent's model for these settings: the Spring AI chat model, streaming. */
    public static AgentModel agentModel(ModelSettings settings) {
        return SpringAiModel.streaming(springAi(settings), settings.model(), settings.contextWindow());
    }
}
