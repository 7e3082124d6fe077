package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.ScenarioFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The evaluation suite, made from templates and one seed: the same seed makes equal scenarios
 * on every machine. {@code evals/scenarios/} holds the suite of {@link #SEED}; a test checks
 * that it still equals a fresh generation.
 */
public final class Suite {

    /** The seed of the suite in the repository. */
    public static final long SEED = 20260302L;

    /** Each template with how many scenarios it makes. */
    private static final Map<Template, Integer> TEMPLATES = templates();

    private Suite() {
    }

    private static Map<Template, Integer> templates() {
        var templates = new LinkedHashMap<Template, Integer>();
        for (Template incident : List.of(new ErrorSpike(), new LatencyByResource(), new DeployRegression(),
                new DependencyOutage(), new SlowReplica(), new NoisyTenant(), new LlmLatency(), new LlmTokenCost(),
                new RetryStorm(), new CacheFailover(), new RegionOutage(), new TwoIncidents())) {
            templates.put(incident, 8);
        }
        for (Template herring : List.of(RedHerring.deploy(), RedHerring.correlation(), RedHerring.alwaysSlow())) {
            templates.put(herring, 4);
        }
        for (Template question : List.of(Counts.counts(), Counts.rates(), new Percentiles(), new Slowest(),
                new LlmUsage(), new ExplainTrace(), new Logs(), new CompareVersions(), new TopTenant())) {
            templates.put(question, 8);
        }
        templates.put(new Healthy(), 10);
        return templates;
    }

    /** Every scenario of the suite, named {@code <template>-<nn>}, in template order. */
    public static List<Scenario> generate(long suiteSeed) {
        var scenarios = new ArrayList<Scenario>();
        TEMPLATES.forEach((template, count) -> {
            for (int n = 1; n <= count; n++) {
                String name = String.format(Locale.ROOT, "%s-%02d", template.name(), n);
                scenarios.add(template.make(name, seedOf(suiteSeed, template.name(), n)));
            }
        });
        return scenarios;
    }

    /** How many templates the suite is made from. */
    public static int templateCount() {
        return TEMPLATES.size();
    }

    /**
     * A scenario's seed from the suite's, its template's name and its number: a SplitMix64 step, so
     * neighbouring numbers give unrelated seeds, and a template's scenarios do not move when
     * another template is added.
     */
    static long seedOf(long suiteSeed, String template, int n) {
        long z = suiteSeed * 0x9E3779B97F4A7C15L + template.hashCode() * 0xBF58476D1CE4E5B9L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Writes the suite to a folder ({@code evals/scenarios} unless told) and prints what is in it. */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "evals/scenarios");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        List<Scenario> suite = generate(seed);
        int written = ScenarioFiles.write(folder, suite);
        System.out.printf("wrote %d scenarios to %s (seed %d)%n", written, folder.toAbsolutePath(), seed);
        print("by template", counts(suite, Scenario::template));
        print("by category", counts(suite, Scenario::category));
        print("by difficulty", counts(suite, Scenario::difficulty));
        print("by kind", counts(suite, s -> s.questions().getFirst().kind()));
        print("incident or question", counts(suite, s -> s.questions().getFirst().isIncident() ? "incident" : "question"));
    }

    private static Map<String, Long> counts(List<Scenario> suite, Function<Scenario, String> key) {
        return suite.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static void print(String title, Map<String, Long> counts) {
        System.out.println(title + ":");
        counts.forEach((key, count) -> System.out.printf("  %-24s %4d%n", key, count));
    }
}
