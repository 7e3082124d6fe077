package dev.tracehound.evals.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The suite on disk: one pretty-printed JSON file per scenario, named after it. */
public final class ScenarioFiles {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Map.copyOf's order differs from one JVM to the next: sorted keys keep the files stable.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private ScenarioFiles() {
    }

    /** Every scenario in the folder, by name. */
    public static List<Scenario> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no scenarios at " + folder.toAbsolutePath()
                    + ": it is not a folder (generate them with ./dev eval generate)");
        }
        var scenarios = new ArrayList<Scenario>();
        var names = new HashSet<String>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                Scenario scenario = read(file, Files.readString(file));
                if (!file.getFileName().toString().equals(scenario.name() + ".json")) {
                    throw new IllegalArgumentException(file + " holds scenario " + scenario.name()
                            + ": a scenario's file is named after it");
                }
                if (!names.add(scenario.name())) {
                    throw new IllegalArgumentException("two scenarios are called " + scenario.name());
                }
                scenarios.add(scenario);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the scenarios in " + folder, e);
        }
        return scenarios;
    }

    static Scenario read(Path file, String json) {
        try {
            return JSON.readValue(json, Scenario.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("scenario file " + file + " is not a valid scenario: " + e.getMessage(), e);
        }
    }

    public static String json(Scenario scenario) {
        return JSON.writeValueAsString(scenario) + "\n";
    }

    public static Scenario parse(String json) {
        return read(Path.of("<text>"), json);
    }

    /** Writes the suite into the folder, replacing the scenario files there; returns how many it wrote. */
    public static int write(Path folder, List<Scenario> scenarios) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                for (Path file : old.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    Files.delete(file);
                }
            }
            for (Scenario scenario : scenarios) {
                Files.writeString(folder.resolve(scenario.name() + ".json"), json(scenario));
            }
            return scenarios.size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the scenarios to " + folder, e);
        }
    }
}
