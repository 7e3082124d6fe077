package dev.tracehound.demo;

import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.demo.Service.Scope;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;

/**
 * The recommendation service (Python): cached per user; on a miss it embeds the context, finds
 * candidates with pgvector and asks an LLM to rank them (an A/B test splits OpenAI and Anthropic).
 */
final class Recommendations {

    static final String RPC_SERVICE = "shop.RecommendationService";
    private static final double CACHE_HIT_RATIO = 0.62;
    private static final double ANTHROPIC_SHARE = 0.2;
    private static final double TRUNCATED_ANSWER = 0.012;
    private static final int MAX_OUTPUT_TOKENS = 400;
    private static final String TRUNCATED_FINISH_REASONS = "[\"length\"]";
    private static final Scope OPENAI_SCOPE = new Scope("opentelemetry.instrumentation.openai_v2", "2.1b0");
    private static final Scope ANTHROPIC_SCOPE = new Scope("opentelemetry.instrumentation.anthropic", "0.40.2");
    private static final Latency HANDLER_OVERHEAD = Latency.of(0.6, 4);
    private static final Latency EMBEDDING_CALL = Latency.of(95, 420);
    private static final Latency TIME_TO_FIRST_TOKEN = Latency.of(380, 1400);
    private static final Latency VECTOR_SEARCH = Latency.of(9, 45);
    /** The ranking prompt's fixed head (instructions and catalogue schema), which OpenAI caches automatically. */
    private static final long CACHEABLE_PROMPT_TOKENS = 1_024;
    private static final ModelPrices PRICES = ModelPrices.builtIn();

    private record Model(String system, String requestModel, String responseModel, Scope scope, String host,
            double millisPerOutputToken) {
    }

    private static final Model GPT_4O_MINI = new Model("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", OPENAI_SCOPE,
            "api.openai.com", 11);
    private static final Model CLAUDE_HAIKU = new Model("anthropic", "claude-3-5-haiku-latest",
            "claude-3-5-haiku-20241022", ANTHROPIC_SCOPE, "api.anthropic.com", 8);
    private static final Model EMBEDDING = new Model("openai", "text-embedding-3-small", "text-embedding-3-small",
            OPENAI_SCOPE, "api.openai.com", 0);

    private final TraceRecorder trace;
    private final Calls calls;

    Recommendations(TraceRecorder trace, Calls calls) {
        this.trace = trace;
        this.calls = calls;
    }

    /** Recommendations for a user, optionally next to a product they are looking at (null for none). */
    Outcome list(SpanDraft server, long start, int user, String productId, int count) {
        String userId = Catalogue.userId(user);
        server.set("user.id", userId);
        if (productId != null) {
            server.set("app.product.id", productId);
        }
        server.set("app.recommendation.count", count);
        Rng rng = trace.rng;
        long t = start + calls.sample(HANDLER_OVERHEAD);
        String key = productId == null ? "recs:" + userId : "recs:" + userId + ":" + productId;
        boolean hit = rng.chance(CACHE_HIT_RATIO);
        t = calls.cacheLookup(server, t, key, hit).end + calls.gap();
        server.set("app.recommendation.cache_hit", hit);
        if (!hit) {
            Model model = rng.chance(ANTHROPIC_SHARE) ? CLAUDE_HAIKU : GPT_4O_MINI;
            SpanDraft generation = trace.child(server, Service.RECOMMENDATION.tracer, "generate_recommendations",
                    SpanKind.INTERNAL, t);
            generation.set("app.recommendation.count", count).set("app.recommendation.candidates", 50);
            long g = embed(generation, t + calls.gap()).end + calls.gap();
            g = calls.postgres(generation, g, "SELECT", "product_embeddings",
                    "SELECT product_id FROM product_embeddings ORDER BY embedding <=> $1 LIMIT 50", VECTOR_SEARCH).end
                    + calls.gap();
            SpanDraft chat = chat(generation, g, model);
            g = chat.end + calls.gap();
            if (TRUNCATED_FINISH_REASONS.equals(chat.attribute("gen_ai.response.finish_reasons"))) {
                generation.set("app.recommendation.fallback", true);
                trace.log(generation, g, Severity.WARN, "could not parse recommendations from " + model.requestModel()
                        + " (finish_reason=length); serving popular products", "gen_ai.request.model", model.requestModel(),
                        "user.id", userId);
            }
            generation.endAt(g);
            t = calls.redis(server, g + calls.gap(), "SET", "SET " + key + " ? EX 600", Calls.Latencies.REDIS).end;
            trace.log(server, t, Severity.INFO, "generated " + count + " recommendations for " + userId + " with "
                    + model.requestModel() + " in " + (g - generation.start) / 1_000_000 + " ms",
                    "gen_ai.request.model", model.requestModel(), "user.id", userId);
        }
        return Outcome.ok(t + calls.sample(HANDLER_OVERHEAD));
    }

    private SpanDraft embed(SpanDraft parent, long start) {
        Rng rng = trace.rng;
        long inputTokens = 12 + rng.nextInt(70);
        SpanDraft span = trace.child(parent, EMBEDDING.scope(), "embeddings " + EMBEDDING.requestModel(), SpanKind.CLIENT, start);
        span.set("gen_ai.system", EMBEDDING.system()).set("gen_ai.operation.name", "embeddings")
                .set("gen_ai.request.model", EMBEDDING.requestModel()).set("gen_ai.response.model", EMBEDDING.responseModel())
                .set("gen_ai.usage.input_tokens", inputTokens)
                .set("server.address", EMBEDDING.host()).set("server.port", "443");
        span.llm(new LlmUsage(EMBEDDING.system(), EMBEDDING.requestModel(), inputTokens, 0,
                cost(EMBEDDING.requestModel(), TokenCounts.of(inputTokens, 0))));
        return span.endAt(start + calls.sample(EMBEDDING_CALL));
    }

    private SpanDraft chat(SpanDraft parent, long start, Model model) {
        Rng rng = trace.rng;
        long inputTokens = Math.round(logNormal(rng, 1100, 0.36));
        boolean truncated = rng.chance(TRUNCATED_ANSWER);
        long outputTokens = truncated ? MAX_OUTPUT_TOKENS : Math.min(MAX_OUTPUT_TOKENS - 1, Math.round(logNormal(rng, 160, 0.37)));
        String finishReason = truncated ? "length" : "stop";
        String responseId = model == CLAUDE_HAIKU
                ? "msg_01" + Ids.hex(rng.nextLong(), 16) + Ids.hex(rng.nextLong(), 6)
                : "chatcmpl-" + Ids.hex(rng.nextLong(), 16) + Ids.hex(rng.nextLong(), 13);

        SpanDraft span = trace.child(parent, model.scope(), "chat " + model.requestModel(), SpanKind.CLIENT, start);
        span.set("gen_ai.system", model.system()).set("gen_ai.operation.name", "chat")
                .set("gen_ai.request.model", model.requestModel()).set("gen_ai.request.max_tokens", MAX_OUTPUT_TOKENS)
                .set("gen_ai.request.temperature", "0.2").set("gen_ai.response.model", model.responseModel())
                .set("gen_ai.response.id", responseId).set("gen_ai.response.finish_reasons", "[\"" + finishReason + "\"]")
                .set("gen_ai.usage.input_tokens", inputTokens).set("gen_ai.usage.output_tokens", outputTokens)
                .set("server.address", model.host()).set("server.port", "443");
        // OpenAI serves a repeated prompt head of 1,024 tokens or more from its cache; the Anthropic
        // calls set no cache breakpoints, so nothing of theirs is cached.
        long cachedTokens = model == GPT_4O_MINI && inputTokens > CACHEABLE_PROMPT_TOKENS ? CACHEABLE_PROMPT_TOKENS : 0;
        if (cachedTokens > 0) {
            span.set("gen_ai.usage.cache_read.input_tokens", cachedTokens);
        }
        var tokens = TokenCounts.fromOpenAi(inputTokens, outputTokens, cachedTokens, 0);
        span.llm(new LlmUsage(model.system(), model.requestModel(), inputTokens, outputTokens, cachedTokens, 0, 0,
                cost(model.requestModel(), tokens)));
        long generation = (long) (outputTokens * model.millisPerOutputToken() * rng.between(0.8, 1.3) * 1_000_000);
        return span.endAt(start + calls.sample(TIME_TO_FIRST_TOKEN) + generation);
    }

    /** What ingest would price the call at: the same table, the same arithmetic. */
    static double cost(String model, TokenCounts tokens) {
        return PRICES.cost(model, tokens)
                .orElseThrow(() -> new IllegalStateException("the LLM price table has no price for " + model))
                .doubleValue();
    }

    private static double logNormal(Rng rng, double median, double sigma) {
        return median * StrictMath.exp(sigma * rng.nextGaussian());
    }
}
