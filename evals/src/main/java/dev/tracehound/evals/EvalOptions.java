package dev.tracehound.evals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ./dev eval} was asked: which scenarios (filters by name, tag, category or template;
 * none: all), which model and judge, how many at once, how long each may take, what to compare
 * with, where to write the report, and whether this is the CI gate.
 *
 * @param baseline a report or baseline file, {@code last} (the newest stored run of the same model
 *                 and selection), or {@code none}
 */
record EvalOptions(List<String> filters, String model, Optional<String> judge, int parallelism, Duration timeout,
        String baseline, Path scenarios, Path out, Optional<Path> gate, boolean loadOnly) {

    static final String USAGE = """
            usage: ./dev eval [FILTER...] [--model offline|PROVIDER:MODEL] [--judge PROVIDER:MODEL]
                              [--parallel N] [--timeout SECONDS] [--baseline FILE|last|none]
                              [--scenarios DIR] [--out DIR] [--gate FILE] [--load-only]
                   ./dev eval generate [DIR]
                   ./dev eval gate-from REPORT.json [GATE.json]
              FILTER     a scenario's name, a tag (easy, medium, hard, incident, question), a category
                         (error-spike, llm-usage, ...) or a template; several: any of them
              --model    offline (the default: the offline investigator) or a provider and model, e.g.
                         openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.1; the provider's
                         URL and key come from OPENAI_BASE_URL/OPENAI_API_KEY, ANTHROPIC_BASE_URL/
                         ANTHROPIC_API_KEY or OLLAMA_BASE_URL, as for the service
              --judge    a model that also grades each answer by a written rubric (LLM-as-judge)
              --parallel scenarios run at once (default 2)
              --timeout  seconds a scenario may take, all its questions (default 180)
              --baseline what to list regressions and fixes against (default: last)
              --gate     a CI gate file (evals/gate.json): runs its scenarios and fails below its
                         threshold or on a regression it does not list as a known change
              --load-only  loads the scenarios' telemetry into ClickHouse and says how long it took;
                         asks nothing
              gate-from  writes a gate (default evals/gate.json) from a run of the whole suite: its
                         subset, threshold and each scenario's result; known changes are kept""";

    static EvalOptions parse(String[] args) {
        var filters = new ArrayList<String>();
        String model = "offline";
        Optional<String> judge = Optional.empty();
        int parallelism = 2;
        Duration timeout = Duration.ofSeconds(180);
        String baseline = "last";
        Path scenarios = Path.of("evals", "scenarios");
        Path out = Path.of("evals", "reports");
        Optional<Path> gate = Optional.empty();
        boolean loadOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                filters.add(arg);
                continue;
            }
            if (arg.equals("--load-only")) {
                loadOnly = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--model" -> model = value;
                case "--judge" -> judge = Optional.of(value);
                case "--parallel" -> parallelism = number(arg, value, 1, 32);
                case "--timeout" -> timeout = Duration.ofSeconds(number(arg, value.replaceAll("s$", ""), 5, 3600));
                case "--baseline" -> baseline = value;
                case "--scenarios" -> scenarios = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--gate" -> gate = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new EvalOptions(List.copyOf(filters), model, judge, parallelism, timeout, baseline, scenarios, out, gate,
                loadOnly);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", not " + value);
    }

    String filterText() {
        return String.join(" ", filters);
    }
}
