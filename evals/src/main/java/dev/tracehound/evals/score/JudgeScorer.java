package dev.tracehound.evals.score;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.evals.scenario.Question;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LLM-as-judge scorer: a judge model reads the question, the facts a correct answer holds
 * (the deterministic scorer's, with measured figures filled in), what it must not claim, and the
 * answer, and says by a written rubric whether the answer passes. It catches what fact matching
 * cannot (a right name in a wrong sentence, a cause hedged into nothing) and is reported beside
 * the deterministic outcome, never instead of it.
 */
public final class JudgeScorer {

    /** The rubric, as the judge reads it. */
    static final String RUBRIC = """
            You grade answers of an observability assistant that investigates production telemetry. \
            Grade one answer by this rubric:
            1. It answers the question asked, not another one (an incident report is no answer to a \
            question about token usage).
            2. It states every expected fact, in any wording: a name, an attribute value, a figure \
            within the tolerance given.
            3. It does not claim any of the facts it must not claim as a cause or a finding.
            4. It invents nothing: no ids, numbers or names that contradict the expected facts.
            5. Saying plainly that it cannot answer is not a pass, but is not invention either.
            Reply with one JSON object and nothing else: {"pass": true|false, "reason": "<one sentence>"}""";

    private static final Pattern OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int MAX_OUTPUT_TOKENS = 300;

    private final AgentModel judge;

    public JudgeScorer(AgentModel judge) {
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    public String model() {
        return judge.name();
    }

    /**
     * The judge's verdict; a judge that fails or answers out of form gives a failing verdict that
     * says so, never an exception that loses the run.
     *
     * @param expected     the facts a correct answer holds, as the report describes them
     * @param mustNotClaim what it must not claim
     */
    public QuestionScore.Judgement judge(Question question, String asked, List<String> expected,
            List<String> mustNotClaim, String answer) throws InterruptedException {
        String prompt = "Question: " + asked + "\n\nExpected facts:\n" + bullets(expected)
                + "\nMust not claim:\n" + bullets(mustNotClaim)
                + "\nKind of question: " + question.kind() + "\n\nAnswer to grade:\n<<<\n" + answer + "\n>>>";
        ModelReply reply;
        try {
            reply = judge.reply(new ModelRequest(List.of(new ChatTurn.System(RUBRIC), new ChatTurn.User(prompt)),
                    List.of(), MAX_OUTPUT_TOKENS), delta -> { });
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new QuestionScore.Judgement(false, "the judge failed: " + e.getMessage());
        }
        return verdict(reply.text());
    }

    static QuestionScore.Judgement verdict(String text) {
        Matcher object = OBJECT.matcher(text == null ? "" : text);
        if (object.find()) {
            try {
                JsonNode verdict = JSON.readTree(object.group());
                if (verdict.path("pass").isBoolean()) {
                    return new QuestionScore.Judgement(verdict.path("pass").asBoolean(),
                            verdict.path("reason").asString("").strip());
                }
            } catch (JacksonException e) {
                // Falls through: out of form.
            }
        }
        String shown = text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return new QuestionScore.Judgement(false, "the judge's reply was not a verdict: " + shown);
    }

    private static String bullets(List<String> items) {
        if (items.isEmpty()) {
            return "- (none)\n";
        }
        var text = new StringBuilder();
        items.forEach(item -> text.append("- ").append(item).append('\n'));
        return text.toString();
    }
}
