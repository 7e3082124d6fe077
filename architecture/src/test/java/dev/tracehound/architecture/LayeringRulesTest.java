package dev.tracehound.architecture;

import static dev.tracehound.architecture.Module.module;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.tracehound.architecture.samples.agent.Loop;
import dev.tracehound.architecture.samples.agent.model.Port;
import dev.tracehound.architecture.samples.agent.model.ReachesUp;
import dev.tracehound.architecture.samples.agent.offline.AsksTheLoop;
import dev.tracehound.architecture.samples.agent.offline.KeepsASession;
import dev.tracehound.architecture.samples.agent.session.Log;
import dev.tracehound.architecture.samples.agent.stray.Stray;
import dev.tracehound.architecture.samples.app.ReadsSessions;
import dev.tracehound.architecture.samples.app.ReadsSpans;
import dev.tracehound.architecture.samples.app.Wiring;
import dev.tracehound.architecture.samples.high.High;
import dev.tracehound.architecture.samples.high.Intruder;
import dev.tracehound.architecture.samples.low.Door;
import dev.tracehound.architecture.samples.low.Low;
import dev.tracehound.architecture.samples.low.Upward;
import dev.tracehound.architecture.samples.low.internal.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule, on sample classes that keep it and break it: a rule that cannot fail proves nothing. */
class LayeringRulesTest {

    private static final String SAMPLES = "dev.tracehound.architecture.samples";
    private static final List<Module> TWO_MODULES = List.of(
            module("low", SAMPLES + ".low"),
            module("high", SAMPLES + ".high", "low"));

    private static JavaClasses classes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    @Test
    void aModuleUsingOneBelowItKeepsTheTable() {
        assertThatCode(() -> LayeringRules.modulesDependDownTheTable(TWO_MODULES)
                .check(classes(Low.class, Door.class, Secret.class, High.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void aModuleUsingOneAboveItBreaksTheTable() {
        assertThatThrownBy(() -> LayeringRules.modulesDependDownTheTable(TWO_MODULES)
                .check(classes(Low.class, Door.class, Secret.class, High.class, Upward.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("where layer 'low' may not access any layer")
                .hasMessageContaining("<" + Upward.class.getName() + ".reachUp()> calls method <" + High.class.getName());
    }

    @Test
    void aClassOutsideEveryModuleBreaksTheTable() {
        assertThatThrownBy(() -> LayeringRules.modulesDependDownTheTable(TWO_MODULES)
                .check(classes(Low.class, Door.class, Secret.class, High.class, Loop.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Class <" + Loop.class.getName() + "> is not contained in architecture");
    }

    @Test
    void anInternalPackageUsedInItsOwnModuleIsFine() {
        assertThatCode(() -> LayeringRules.internalPackagesStayInTheirModule(TWO_MODULES)
                .check(classes(Low.class, Door.class, Secret.class, High.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void anInternalPackageUsedFromAnotherModuleBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.internalPackagesStayInTheirModule(TWO_MODULES)
                .check(classes(Low.class, Door.class, Secret.class, High.class, Intruder.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("packages named internal are used only inside their own module")
                .hasMessageContaining("<" + Intruder.class.getName() + ".peek()> calls method <" + Secret.class.getName());
    }

    @Test
    void appBuildingBeansFromADataSourceRunsNoSql() {
        assertThatCode(() -> LayeringRules.appRunsNoSqlOfItsOwn(SAMPLES + ".app", "dev.tracehound.analytics")
                .check(classes(Wiring.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void appQueryingClickHouseItselfBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.appRunsNoSqlOfItsOwn(SAMPLES + ".app", "dev.tracehound.analytics")
                .check(classes(Wiring.class, ReadsSpans.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("app runs no SQL of its own")
                .hasMessageContaining("<" + ReadsSpans.class.getName() + ".spans(dev.tracehound.analytics.ClickHouse)> calls method "
                        + "<dev.tracehound.analytics.ClickHouse.query(dev.tracehound.analytics.Sql)>");
    }

    @Test
    void appRunningJdbcItselfBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.appRunsNoSqlOfItsOwn(SAMPLES + ".app", "dev.tracehound.analytics")
                .check(classes(Wiring.class, ReadsSessions.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("calls method <org.springframework.jdbc.core.simple.JdbcClient.sql(java.lang.String)>");
    }

    @Test
    void theLoopAndSessionsUsingTheModelPortIsFine() {
        assertThatCode(() -> LayeringRules.agentPackagesPointAwayFromTheLoop(SAMPLES + ".agent")
                .check(classes(Loop.class, Port.class, Log.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void theModelPortOrTheOfflineInvestigatorCallingTheLoopBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.agentPackagesPointAwayFromTheLoop(SAMPLES + ".agent")
                .check(classes(Loop.class, Port.class, ReachesUp.class, AsksTheLoop.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<" + ReachesUp.class.getName() + ".again()> calls method <" + Loop.class.getName())
                .hasMessageContaining("<" + AsksTheLoop.class.getName() + ".ask()> calls method <" + Loop.class.getName());
    }

    @Test
    void theOfflineInvestigatorUsingSessionsBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.agentPackagesPointAwayFromTheLoop(SAMPLES + ".agent")
                .check(classes(Loop.class, Port.class, Log.class, KeepsASession.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("where layer 'offline' may only access layers ['model']")
                .hasMessageContaining("<" + KeepsASession.class.getName() + ".keep()> calls method <" + Log.class.getName());
    }

    @Test
    void anAgentPackageTheRuleDoesNotPlaceBreaksTheRule() {
        assertThatThrownBy(() -> LayeringRules.agentPackagesPointAwayFromTheLoop(SAMPLES + ".agent")
                .check(classes(Loop.class, Port.class, Stray.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Class <" + Stray.class.getName() + "> is not contained in architecture");
    }
}
