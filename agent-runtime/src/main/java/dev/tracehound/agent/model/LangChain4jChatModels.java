package dev.tracehound.agent.model;

import java.util.Map;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * LangChain4j streaming chat models built from typed settings: every URL, key, model and timeout
 * is passed explicitly (LangChain4j's clients read no environment variables of their own).
 * LangChain4j's streaming clients do not retry; the agent loop retries what may work later.
 */
final class LangChain4jChatModels {

    private LangChain4jChatModels() {}

    static StreamingChatModel of(ModelSettings settings) {
        return switch (settings.provider()) {
            case OPENAI -> OpenAiStreamingChatModel.builder()
                    .baseUrl(settings.endpoint())
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .timeout(settings.requestTimeout())
                    .build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder()
                    // LangChain4j's Anthropic client appends "messages" to a root that ends in /v1/.
                    .baseUrl(settings.endpoint() + "/v1/")
                    .apiKey(required(settings.apiKey()))
                    .modelName(settings.model())
                    .timeout(settings.requestTimeout())
                    .build();
            case OLLAMA -> OllamaStreamingChatModel.builder()
                    .baseUrl(settings.endpoint())
                    .modelName(settings.model())
                    .timeout(settings.requestTimeout())
                    // Ollama itself needs no key; its cloud and authenticating proxies take a bearer token.
                    .customHeaders(settings.apiKey() == null ? Map.of() : Map.of("Authorization", "Bearer " + settings.apiKey()))
                    .build();
        };
    }

    /** LangChain4j's Anthropic client will not start without a key; said here, naming the setting. */
    private static String required(String apiKey) {
        if (apiKey == null) {
            throw new ModelSettings.InvalidSetting(ModelSettings.Field.API_KEY,
                    "the anthropic provider needs an API key through langchain4j", null);
        }
        return apiKey;
    }
}
