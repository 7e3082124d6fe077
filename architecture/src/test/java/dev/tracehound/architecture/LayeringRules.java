package dev.tracehound.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Set;

/** The rules, as functions of the module table, so they can be shown to fail on sample classes. */
final class LayeringRules {

    private LayeringRules() {}

    /** Every class belongs to a module of the table, and uses only the modules its row names. */
    static ArchRule modulesDependDownTheTable(List<Module> modules) {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Module module : modules) {
            layers = layers.layer(module.folder()).definedBy(module.packages());
        }
        for (Module module : modules) {
            String[] mayUse = module.mayUse().toArray(String[]::new);
            layers = mayUse.length == 0
                    ? layers.whereLayer(module.folder()).mayNotAccessAnyLayer()
                    : layers.whereLayer(module.folder()).mayOnlyAccessLayers(mayUse);
        }
        return layers.because("dependencies point one way, down the module table (Module.TRACEHOUND, after DESIGN.md)");
    }

    /** A package named {@code internal} is used by its own module only. */
    static ArchRule internalPackagesStayInTheirModule(List<Module> modules) {
        List<ArchRule> rules = modules.stream()
                .map(module -> (ArchRule) noClasses().that().resideOutsideOfPackage(module.packages())
                        .should().dependOnClassesThat().resideInAPackage(module.internalPackages())
                        .allowEmptyShould(true))
                .toList();
        return CompositeArchRule.of(rules).as("packages named internal are used only inside their own module")
                .because("a module's internal packages may change without asking the modules that use it");
    }

    /**
     * The loop ({@code agent}) sits on top of the agent runtime's packages and may use them all;
     * metering uses sessions and the model port; sessions use the model port; the offline
     * investigator uses the model port only; the model port uses no other package of the
     * runtime. A package of the runtime that is not in this list breaks the rule too, so a new
     * one is placed on purpose; a package with no classes does not.
     */
    static ArchRule agentPackagesPointAwayFromTheLoop(String agentPackage) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .ensureAllClassesAreContainedInArchitectureIgnoring(not(resideInAPackage(agentPackage + "..")))
                .layer("loop").definedBy(agentPackage)
                .layer("offline").definedBy(agentPackage + ".offline..")
                .layer("metering").definedBy(agentPackage + ".metering..")
                .layer("session").definedBy(agentPackage + ".session..")
                .layer("model").definedBy(agentPackage + ".model..")
                .whereLayer("offline").mayOnlyAccessLayers("model")
                .whereLayer("metering").mayOnlyAccessLayers("session", "model")
                .whereLayer("session").mayOnlyAccessLayers("model")
                .whereLayer("model").mayNotAccessAnyLayer()
                .because("the agent runtime's packages point away from the loop, so each can change without the ones "
                        + "below it noticing");
    }

    private static final Set<String> SQL_RUNNING_TYPES = Set.of(
            "java.sql.Connection", "java.sql.Statement", "java.sql.PreparedStatement", "java.sql.CallableStatement",
            "java.sql.ResultSet", "java.sql.DriverManager",
            "org.springframework.jdbc.core.JdbcTemplate", "org.springframework.jdbc.core.JdbcOperations",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations");

    /**
     * {@code app} wires the modules and calls them; it runs no SQL of its own, so it cannot read a
     * table that another module owns. Building a bean from a data source ({@code JdbcClient.create})
     * is wiring; {@code JdbcClient.sql}, a JDBC statement or a ClickHouse query is not.
     */
    static ArchRule appRunsNoSqlOfItsOwn(String appPackage, String analyticsPackage) {
        String clickHouse = analyticsPackage + ".ClickHouse";
        DescribedPredicate<JavaCall<?>> clickHouseStatement = target(owner(nameIs(clickHouse)))
                .and(target(nameMatching("query|execute|executeIn|insertJsonEachRow")))
                .as("a statement through " + clickHouse);
        DescribedPredicate<JavaCall<?>> jdbcClientSql = target(owner(nameIs("org.springframework.jdbc.core.simple.JdbcClient")))
                .and(target(nameMatching("sql"))).as("JdbcClient.sql");
        DescribedPredicate<JavaCall<?>> jdbcStatement = target(owner(nameIn(SQL_RUNNING_TYPES)))
                .as("a method of " + String.join(", ", SQL_RUNNING_TYPES.stream().sorted().toList()));
        DescribedPredicate<JavaCall<?>> dataSourceConnection = target(owner(nameIs("javax.sql.DataSource")))
                .and(target(nameMatching("getConnection"))).as("DataSource.getConnection");
        return noClasses().that().resideInAPackage(appPackage + "..")
                .should().callMethodWhere(clickHouseStatement)
                .orShould().callMethodWhere(jdbcClientSql)
                .orShould().callMethodWhere(jdbcStatement)
                .orShould().callMethodWhere(dataSourceConnection)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(analyticsPackage + ".Sql")
                .as("app runs no SQL of its own")
                .because("each table's SQL lives in the module that owns the table (ClickHouse: analytics; "
                        + "PostgreSQL: platform, agent-runtime and incidents); app wires and calls them");
    }

    private static DescribedPredicate<JavaClass> nameIs(String name) {
        return DescribedPredicate.describe(name, type -> type.getName().equals(name));
    }

    private static DescribedPredicate<JavaClass> nameIn(Set<String> names) {
        return DescribedPredicate.describe("one of " + names, type -> names.contains(type.getName()));
    }
}
