package dev.tracehound.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent runtime's packages depend one way: the loop on everything, metering on sessions
 * and models, sessions on models, the offline investigator on models only, models on nothing
 * of the runtime. Read from the sources' imports and qualified names, so a wrong-way arrow
 * fails here with the file that drew it.
 */
class PackageArrowsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tracehound/agent");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.tracehound\\.agent(\\.[a-z]+)?\\.[A-Z]");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of("", "session", "metering", "model", "offline"),
            "session", Set.of("session", "model"),
            "metering", Set.of("metering", "session", "model"),
            "model", Set.of("model"),
            "offline", Set.of("offline", "model"));

    @Test
    void everyPackageDependsOnlyOnThePackagesBelowIt() throws IOException {
        List<String> wrongWay = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String from = packageOf(file);
                Matcher reference = REFERENCE.matcher(read(file));
                while (reference.find()) {
                    String to = reference.group(1) == null ? "" : reference.group(1).substring(1);
                    if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
                        wrongWay.add(SOURCES.relativize(file) + " uses dev.tracehound.agent" + (to.isEmpty() ? "" : "." + to));
                    }
                }
            });
        }

        assertThat(wrongWay).as("references against the packages' direction").isEmpty();
    }

    @Test
    void theRuleKnowsEveryPackage() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertThat(files.filter(file -> file.toString().endsWith(".java")).map(PackageArrowsTest::packageOf)
                    .distinct()).allSatisfy(name -> assertThat(ALLOWED).containsKey(name));
        }
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace('/', '.');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
