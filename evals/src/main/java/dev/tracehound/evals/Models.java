package dev.tracehound.evals;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ModelProviders;
import dev.tracehound.agent.model.ModelSettings;
import dev.tracehound.agent.offline.OfflineInvestigator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The model an eval run asks: the offline investigator (with the scenario's clock), or a
 * provider's model reached as the service reaches it, from the same environment variables.
 */
final class Models {

    private static final int CONTEXT_WINDOW = 128_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private Models() {
    }

    /** {@code offline}, or {@code PROVIDER:MODEL}. */
    static Function<Clock, AgentModel> of(String choice, Map<String, String> env) {
        if (choice.equals("offline") || choice.equals(OfflineInvestigator.MODEL_NAME)) {
            return OfflineInvestigator::new;
        }
        AgentModel model = provider(choice, env);
        return clock -> model;
    }

    static AgentModel provider(String choice, Map<String, String> env) {
        int colon = choice.indexOf(':');
        if (colon <= 0 || colon == choice.length() - 1) {
            throw new IllegalArgumentException("a model is offline or PROVIDER:MODEL (e.g. openai:gpt-4o-mini), not "
                    + choice);
        }
        var provider = ModelSettings.Provider.parse(choice.substring(0, colon));
        String name = choice.substring(colon + 1);
        String prefix = switch (provider.name().toLowerCase()) {
            case "anthropic" -> "ANTHROPIC";
            case "ollama" -> "OLLAMA";
            default -> "OPENAI";
        };
        String baseUrl = env.get(prefix + "_BASE_URL");
        if (baseUrl == null && prefix.equals("OLLAMA")) {
            baseUrl = env.get("OLLAMA_HOST");
        }
        var settings = new ModelSettings(provider, baseUrl, env.get(prefix + "_API_KEY"), name, CONTEXT_WINDOW,
                REQUEST_TIMEOUT, 2);
        return ModelProviders.agentModel(settings);
    }
}
