package dev.tracehound.agent.offline;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.tools.ToolResult;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The door of {@code dev.tracehound.agent.offline}, which promises an investigator that needs
 * no model provider: the same question and tool results always give the same next step. It
 * sits behind the model port and reads only the conversation and the tools' results; it knows
 * nothing of the loop or of sessions.
 *
 * <p>The built-in model, used when no provider is configured: a deterministic investigator behind
 * the same port as a real model, so the loop meters, stores and streams it alike. It reads the
 * latest question and the results of the tool calls it made for it (known by their ids,
 * {@code oi<question>.<phase>_<label>}), plans the next calls from them (several at once where
 * they do not depend on each other), and once it has what it needs writes an answer in Markdown
 * from those results alone. What it plans depends on the kind of question ({@link QuestionKind}):
 * an incident hunt finds the service that changed and when, a deploy at that time, the attribute
 * values its slow or failing spans share, and example traces with their logs (data without a
 * change gives "no clear cause", or "nothing stands out" when asked whether anything is wrong); a
 * count, a rate or a percentile, the slowest endpoints, LLM usage by model, one trace, a log
 * search, two versions side by side and the most affected tenant each have their own few calls
 * and a short answer that gives the figure asked first. A question of no kind it knows is
 * answered with what it can answer, never with an answer to another question.
 *
 * <p>It counts no tokens itself: the loop estimates them, as for any provider that reports none.
 */
public final class OfflineInvestigator implements AgentModel {

    /** Its model name, as usage records and the price table (which prices it at 0) know it. */
    public static final String MODEL_NAME = "offline-investigator";

    private static final int CONTEXT_WINDOW = 200_000;
    private static final int DELTA_CHARS = 48;
    private static final Pattern CALL_ID = Pattern.compile("^oi\\d+\\.\\d+_([A-Za-z0-9]+)(?:-\\d+)?$");

    private final Clock clock;

    public OfflineInvestigator() {
        this(Clock.systemUTC());
    }

    /** @param clock what "now" is, for questions such as "since this morning" or "in the last hour" */
    public OfflineInvestigator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return MODEL_NAME;
    }

    @Override
    public int contextWindow() {
        return CONTEXT_WINDOW;
    }

    @Override
    public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        List<ChatTurn> turns = request.turns();
        int lastQuestion = -1;
        int questions = 0;
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i) instanceof ChatTurn.User) {
                lastQuestion = i;
                questions++;
            }
        }
        if (lastQuestion < 0) {
            return answer(InvestigationReport.clarify(), textDeltas);
        }
        String question = ((ChatTurn.User) turns.get(lastQuestion)).text();
        Optional<String> previous = Optional.empty();
        for (int i = lastQuestion - 1; i >= 0 && previous.isEmpty(); i--) {
            if (turns.get(i) instanceof ChatTurn.User user) {
                previous = Optional.ofNullable(user.text());
            }
        }
        Map<String, Investigation.Outcome> results = results(turns.subList(lastQuestion + 1, turns.size()));
        Set<String> tools = new HashSet<>();
        request.tools().forEach(tool -> tools.add(tool.name()));

        return switch (next(Asked.of(question, previous, clock.instant()), results, tools, clock.instant())) {
            case Investigation.Step.Answer answer -> answer(answer.text(), textDeltas);
            case Investigation.Step.Calls calls -> {
                String text = calls.narration() + "\n\n";
                String prefix = "oi" + questions + ".";
                stream(text, textDeltas);
                var toolCalls = calls.calls().stream()
                        .map(call -> new ToolCall(prefix + call.phase() + "_" + call.label(), call.tool(),
                                call.arguments().toString()))
                        .toList();
                yield new ModelReply(text, toolCalls, Optional.empty());
            }
        };
    }

    /** The next step of answering the question: the plan of its kind, replayed from the results so far. */
    private static Investigation.Step next(Asked asked, Map<String, Investigation.Outcome> results, Set<String> tools,
            Instant now) {
        if (!asked.scope().readable()) {
            return new Investigation.Step.Answer(InvestigationReport.clarify());
        }
        return switch (asked.kind()) {
            // An automated investigation asks for closing lines, which only the investigation writes.
            case INCIDENT, HEALTH -> asked.measure().equals("tokens") && !ClosingLines.asked(asked.scope().question())
                    ? new LlmSpendChange(asked, results, tools).next()
                    : new Investigation(asked, results, tools, now).next();
            case COUNT, RATE, PERCENTILE -> new Measures(asked, results, tools, now).next();
            case SLOWEST -> new SlowestEndpoints(asked, results, tools, now).next();
            case LLM_USAGE -> new LlmSpend(asked, results, tools, now).next();
            case TRACE -> new TraceExplanation(asked, results, tools).next();
            case LOGS -> new LogFinder(asked, results, tools, now).next();
            case COMPARE_VERSIONS -> new VersionComparison(asked, results, tools, now).next();
            case TOP_TENANT -> new TenantRanking(asked, results, tools).next();
            case UNKNOWN -> new Investigation.Step.Answer(Capabilities.beyond());
        };
    }

    /**
     * The results of this investigator's calls since the question, by label. A call's id tells
     * its label; the loop may have added "-2" to an id the session had used before.
     */
    private static Map<String, Investigation.Outcome> results(List<ChatTurn> sinceQuestion) {
        Map<String, String> labels = new HashMap<>();
        Map<String, Investigation.Outcome> results = new HashMap<>();
        for (ChatTurn turn : sinceQuestion) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                for (ToolCall call : assistant.toolCalls()) {
                    Matcher id = CALL_ID.matcher(call.id());
                    if (id.matches()) {
                        labels.put(call.id(), id.group(1));
                    }
                }
            } else if (turn instanceof ChatTurn.ToolResult result && labels.containsKey(result.callId())) {
                String content = result.content() == null ? "" : result.content();
                boolean error = content.startsWith(ToolResult.ERROR_PREFIX);
                results.put(labels.get(result.callId()), new Investigation.Outcome(result.toolName(), error, content,
                        error ? null : LenientJson.parse(content), content.contains(ToolResult.CUT_NOTE_PREFIX)));
            }
        }
        return results;
    }

    private static ModelReply answer(String text, Consumer<String> textDeltas) {
        stream(text, textDeltas);
        return new ModelReply(text, List.of(), Optional.empty());
    }

    /** Sends the text in small pieces, ending each at a space where it can, as a streaming model would. */
    private static void stream(String text, Consumer<String> textDeltas) {
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + DELTA_CHARS);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > start) {
                    end = space + 1;
                }
            }
            textDeltas.accept(text.substring(start, end));
            start = end;
        }
    }
}
