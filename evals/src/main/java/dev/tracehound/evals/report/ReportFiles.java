package dev.tracehound.evals.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A report on disk: {@code report.json} for tools and baselines, {@code report.html} for people. */
public final class ReportFiles {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportFiles() {
    }

    public static String json(EvalReport report) {
        return JSON.writeValueAsString(report) + "\n";
    }

    public static EvalReport parse(String json) {
        return JSON.readValue(json, EvalReport.class);
    }

    /** Writes both files into the folder and returns the HTML page's path. */
    public static Path write(Path folder, EvalReport report) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("report.json"), json(report));
            Path html = folder.resolve("report.html");
            Files.writeString(html, ReportPage.html(report));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + folder, e);
        }
    }

    /**
     * Whether each scenario passed in a stored report (a {@code report.json}, or a baseline file
     * holding only {@code {"scenarios": {"name": true, ...}}}).
     */
    public static Map<String, Boolean> passedIn(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root.has("results")) {
                return JSON.treeToValue(root, EvalReport.class).passedByScenario();
            }
            var passed = new LinkedHashMap<String, Boolean>();
            root.path("scenarios").properties().forEach(entry -> passed.put(entry.getKey(), entry.getValue().asBoolean()));
            if (passed.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no scenarios: not a report or a baseline");
            }
            return passed;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the baseline " + file, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not a report or a baseline: " + e.getOriginalMessage(), e);
        }
    }

    /** A baseline file: the pass or fail of each scenario of a report, small enough to keep in git. */
    public static String baseline(EvalReport report) {
        var root = JSON.createObjectNode();
        root.put("model", report.model());
        root.put("gitCommit", report.gitCommit());
        root.put("promptHash", report.promptHash());
        root.put("passRate", report.summary().overall().passRate());
        var scenarios = root.putObject("scenarios");
        report.passedByScenario().forEach(scenarios::put);
        return JSON.writeValueAsString(root) + "\n";
    }
}
