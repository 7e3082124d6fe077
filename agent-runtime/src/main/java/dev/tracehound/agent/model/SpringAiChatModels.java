package dev.tracehound.agent.model;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.ollama.management.ModelManagementOptions;
import org.springframework.ai.ollama.management.PullModelStrategy;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring AI chat models built from typed settings, without Spring Boot's auto-configuration:
 * every URL, key and timeout is passed explicitly, so no client falls back to environment
 * variables of its own.
 */
final class SpringAiChatModels {

    private SpringAiChatModels() {}

    static ChatModel of(ModelSettings settings) {
        return switch (settings.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .options(OpenAiChatOptions.builder()
                            .baseUrl(settings.endpoint())
                            .apiKey(explicitKey(settings))
                            .model(settings.model())
                            .timeout(settings.requestTimeout())
                            .maxRetries(settings.maxRetries())
                            .build())
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .options(AnthropicChatOptions.builder()
                            .baseUrl(settings.endpoint())
                            .apiKey(explicitKey(settings))
                            .model(settings.model())
                            .timeout(settings.requestTimeout())
                            .maxRetries(settings.maxRetries())
                            .build())
                    .build();
            case OLLAMA -> ollama(settings);
        };
    }

    /**
     * The settings' key, never null: given none, the OpenAI and Anthropic clients would look for
     * one of their own (OPENAI_API_KEY, ANTHROPIC_API_KEY). Given an empty one, OpenAI's sends no
     * Authorization header at all.
     */
    private static String explicitKey(ModelSettings settings) {
        return settings.apiKey() == null ? "" : settings.apiKey();
    }

    private static ChatModel ollama(ModelSettings settings) {
        // The JDK's client for both of OllamaApi's clients: blocking calls and streams.
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout(settings)).build();
        var requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.requestTimeout());
        var connector = new JdkClientHttpConnector(http);
        connector.setReadTimeout(settings.requestTimeout());
        RestClient.Builder rest = RestClient.builder().requestFactory(requests);
        WebClient.Builder web = WebClient.builder().clientConnector(connector);
        if (settings.apiKey() != null) {
            // Ollama itself needs no key; its cloud and authenticating proxies take a bearer token.
            rest.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
            web.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
        }
        var api = OllamaApi.builder().baseUrl(settings.endpoint()).restClientBuilder(rest).webClientBuilder(web).build();
        return OllamaChatModel.builder()
                .ollamaApi(api)
                .options(OllamaChatOptions.builder().model(settings.model()).build())
                // A missing model is the user's to pull: the service never downloads gigabytes on its own.
                .modelManagementOptions(ModelManagementOptions.builder().pullModelStrategy(PullModelStrategy.NEVER).build())
                .retryTemplate(new RetryTemplate(RetryPolicy.builder()
                        .maxRetries(settings.maxRetries())
                        .delay(Duration.ofMillis(500))
                        .includes(TransientAiException.class)
                        .build()))
                .build();
    }

    private static Duration connectTimeout(ModelSettings settings) {
        Duration tenSeconds = Duration.ofSeconds(10);
        return settings.requestTimeout().compareTo(tenSeconds) < 0 ? settings.requestTimeout() : tenSeconds;
    }
}
