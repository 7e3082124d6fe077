package dev.tracehound.evals.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scenario of the suite: the telemetry to generate, the questions asked about it and what a
 * correct answer says. Scenarios are data in {@code evals/scenarios/}, one JSON file each; the
 * generator writes them from templates and a seed, and the runner reads them back.
 *
 * @param name     unique in the suite, lowercase words joined by dashes; also names the file
 * @param template the template that made it, for reading reports, never for answering
 * @param seed     what the telemetry's random choices start from
 * @param tags     difficulty ({@code easy}, {@code medium} or {@code hard}) and any others
 * @param category the kind of question or incident, e.g. {@code error-spike} or {@code llm-usage}
 * @param anchor   the end of the telemetry's window: "now" for the questions
 */
public record Scenario(String name, String template, long seed, List<String> tags, String category, Instant anchor,
        TelemetrySpec telemetry, List<Question> questions) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");

    public Scenario {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a scenario's name is lowercase words joined by dashes: " + name);
        }
        template = template == null ? "" : template;
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (tags.stream().filter(DIFFICULTIES::contains).count() != 1) {
            throw new IllegalArgumentException("scenario " + name + " needs exactly one difficulty tag of " + DIFFICULTIES
                    + "; it has " + tags);
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(telemetry, "telemetry");
        questions = questions == null ? List.of() : List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " asks no question");
        }
    }

    public String difficulty() {
        return tags.stream().filter(DIFFICULTIES::contains).findFirst().orElseThrow();
    }

    /** Where its telemetry starts. */
    public Instant start() {
        return anchor.minus(Duration.ofMinutes(telemetry.minutes()));
    }

    /** Whether a filter (a name, tag or category; empty matches all) selects it. */
    public boolean matches(String filter) {
        return filter == null || filter.isBlank() || name.equals(filter) || name.startsWith(filter + "-")
                || category.equals(filter) || tags.contains(filter) || template.equals(filter);
    }
}
