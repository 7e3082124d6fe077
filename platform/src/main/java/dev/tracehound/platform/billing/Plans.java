package dev.tracehound.platform.billing;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan catalogue: the one place plans and their numbers come from, read from the
 * repository's {@code plans/plans-v1.json}. Plans are listed from the smallest up; the default
 * plan is where a workspace is until it chooses one (and where it falls back to).
 */
public final class Plans {

    private final String version;
    private final Map<String, Plan> byId;
    private final Plan defaultPlan;

    private Plans(String version, List<Plan> plans, String defaultPlan, String where) {
        this.version = version;
        this.byId = new LinkedHashMap<>();
        for (Plan plan : plans) {
            if (byId.put(plan.id(), plan) != null) {
                throw new IllegalStateException("the plan catalogue " + where + " lists " + plan.id() + " twice");
            }
        }
        this.defaultPlan = byId.get(defaultPlan);
        if (this.defaultPlan == null) {
            throw new IllegalStateException("the plan catalogue " + where + " names '" + defaultPlan
                    + "' as its default plan, which it does not list");
        }
    }

    private static final class BuiltIn {
        static final Plans CATALOGUE = from(PlanFile.builtIn(), PlanFile.BUILT_IN);
    }

    /** The catalogue in the repository, as released with this version of the service. */
    public static Plans builtIn() {
        return BuiltIn.CATALOGUE;
    }

    /** A catalogue from another file of the same format (tests; a future version side by side). */
    public static Plans read(InputStream json, String where) {
        return from(PlanFile.read(json, where), where);
    }

    private static Plans from(PlanFile file, String where) {
        return new Plans(file.version(), file.toPlans(where), file.defaultPlan(), where);
    }

    /** The {@code version} of the file, e.g. {@code plans-v1}. */
    public String version() {
        return version;
    }

    /** Every plan, smallest first, as the file lists them. */
    public List<Plan> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Plan> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The plan of a workspace that has not chosen one: free. */
    public Plan defaultPlan() {
        return defaultPlan;
    }
}
