package dev.tracehound.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.List;
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
        List<Path> compiled = Module.TRACEHOUND.stream().map(m -> root.resolve(m.folder()).resolve("target/classes")).toList();
        for (Path dir : compiled) {
            assertThat(dir).as("compiled classes of %s: build the modules first (./mvnw verify, or -pl architecture -am)",
                    root.relativize(dir)).isDirectory();
        }
        classes = new ClassFileImporter().importPaths(compiled);
    }

    @Test
    void everyModuleIsReadAndHasClasses() {
        for (Module module : Module.TRACEHOUND) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(module.rootPackage())))
                    .as("classes of %s under %s", module.folder(), module.rootPackage())
                    .isTrue();
        }
    }

    @Test
    void modulesDependOnlyDownTheTable() {
        LayeringRules.modulesDependDownTheTable(Module.TRACEHOUND).check(classes);
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
        LayeringRules.internalPackagesStayInTheirModule(Module.TRACEHOUND).check(classes);
    }
}
