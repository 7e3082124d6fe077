package dev.tracehound.agent.model;

import java.util.function.Consumer;

/** A provider's model whose failures are told as what to fix in the settings it was built from. */
final class ConfiguredModel implements AgentModel {

    private final AgentModel model;
    private final ModelSettings settings;

    ConfiguredModel(AgentModel model, ModelSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int contextWindow() {
        return model.contextWindow();
    }

    @Override
    public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
        try {
            return model.reply(request, textDeltas);
        } catch (ModelException e) {
            throw ModelErrors.explain(e, settings);
        }
    }
}
