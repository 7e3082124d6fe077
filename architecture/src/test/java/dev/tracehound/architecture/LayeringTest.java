package dev.tracehound.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of Tracehound's main code, read from each module's compiled classes
 * ({@code target/classes}, which the reactor builds before this module). The class path is not
 * used: app's jar is repackaged by Spring Boot, its classes are not where a class loader looks.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> compiled = Module.WITH_JAVA.stream().map(m -> root.resolve(m.folder()).resolve("target/classes")).toList();
        for (Path dir : compiled) {
            assertThat(dir).as("compiled classes of %s: build the modules first (./mvnw verify, or -pl architecture -am)",
                    root.relativize(dir)).isDirectory();
        }
        classes = new ClassFileImporter().importPaths(compiled);
    }

    @Test
    void everyModuleOfTheReactorHasARow() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> reactor = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(root.resolve("pom.xml"))).results().map(m -> m.group(1))
                .filter(folder -> !folder.equals("architecture")).toList();
        assertThat(Module.TRACEHOUND).extracting(Module::folder)
                .as("Module.TRACEHOUND against the root pom's <modules>").containsExactlyInAnyOrderElementsOf(reactor);
    }

    @Test
    void everyModuleIsReadAndHasClasses() {
        for (Module module : Module.WITH_JAVA) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(module.rootPackage())))
                    .as("classes of %s under %s", module.folder(), module.rootPackage())
                    .isTrue();
        }
    }

    @Test
    void modulesDependOnlyDownTheTable() {
        LayeringRules.modulesDependDownTheTable(Module.WITH_JAVA).check(classes);
    }

    @Test
    void theAgentRuntimesPackagesPointAwayFromTheLoop() {
        LayeringRules.agentPackagesPointAwayFromTheLoop("dev.tracehound.agent").check(classes);
    }

    @Test
    void appRunsNoSqlOfItsOwn() {
        LayeringRules.appRunsNoSqlOfItsOwn("dev.tracehound.app", "dev.tracehound.analytics").check(classes);
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        LayeringRules.internalPackagesStayInTheirModule(Module.WITH_JAVA).check(classes);
    }
}
