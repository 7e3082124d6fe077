package dev.tracehound.architecture;

import java.util.List;

/**
 * One Maven module of the layering table: its folder, the package its classes live under, and
 * the modules its main code may use. A module without Java code (the web UI) has a row too, so
 * the table names every module of the reactor, but no package.
 */
record Module(String folder, String rootPackage, List<String> mayUse) {

    static Module module(String folder, String rootPackage, String... mayUse) {
        return new Module(folder, rootPackage, List.of(mayUse));
    }

    /** A module with no Java classes: it uses no module, and none may use its classes. */
    static Module withoutJava(String folder) {
        return new Module(folder, null, List.of());
    }

    boolean hasJavaCode() {
        return rootPackage != null;
    }

    /** The package pattern of the module's classes, for ArchUnit. */
    String packages() {
        return rootPackage + "..";
    }

    /** Packages named {@code internal} inside the module: only the module itself may use them. */
    String internalPackages() {
        return rootPackage + "..internal..";
    }

    /**
     * Tracehound's modules, bottom up, as in DESIGN.md's module table. Dependencies point down
     * the table; nothing depends on app or bench; only bench's main code may use test-fixtures
     * (every module's tests may, but this table is about main code). No main code uses dev-idp,
     * the development OIDC provider, nor dev-stripe, the development Stripe stub: they must stay off
     * the service's class path (tests may use them).
     */
    static final List<Module> TRACEHOUND = List.of(
            module("test-fixtures", "dev.tracehound.fixtures"),
            module("dev-idp", "dev.tracehound.devidp"),
            module("dev-stripe", "dev.tracehound.devstripe"),
            // The web UI: TypeScript built by npm, on app's run-time class path under static/.
            withoutJava("frontend"),
            module("analytics", "dev.tracehound.analytics"),
            module("sandbox", "dev.tracehound.sandbox"),
            module("platform", "dev.tracehound.platform"),
            module("tools", "dev.tracehound.tools", "analytics", "sandbox"),
            // The loop owns a session's sandbox (SessionSandboxes) and hands it to the tools.
            module("agent-runtime", "dev.tracehound.agent", "tools", "platform", "sandbox"),
            // Detection runs the analytics queries; an investigation is an agent session; its tool proposes actions.
            module("incidents", "dev.tracehound.incidents", "analytics", "platform", "tools", "agent-runtime"),
            // Scenarios' telemetry through analytics' writer, the agent under test; nothing below may see it,
            // so the offline investigator cannot read the scenarios it is scored on.
            module("evals", "dev.tracehound.evals", "analytics", "platform", "tools", "agent-runtime"),
            module("telemetry-ingest", "dev.tracehound.ingest", "analytics", "platform"),
            module("demo-data", "dev.tracehound.demo", "analytics", "platform"),
            // The evals page reads the runs (EvalRuns, EvalReport).
            module("app", "dev.tracehound.app", "analytics", "sandbox", "platform", "tools", "agent-runtime", "incidents",
                    "evals", "telemetry-ingest", "demo-data"),
            module("bench", "dev.tracehound.bench", "test-fixtures",
                    "analytics", "sandbox", "platform", "tools", "agent-runtime", "incidents", "telemetry-ingest", "demo-data"));

    /** The rows with Java code: the ones the layering rules read classes of. */
    static final List<Module> WITH_JAVA = TRACEHOUND.stream().filter(Module::hasJavaCode).toList();
}
