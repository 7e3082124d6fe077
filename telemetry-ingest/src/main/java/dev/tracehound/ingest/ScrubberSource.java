package dev.tracehound.ingest;

/** The PII scrubber of a project: the built-in patterns plus that project's own rules. */
@FunctionalInterface
public interface ScrubberSource {

    PiiScrubber forProject(String projectId);

    static ScrubberSource builtInsOnly() {
        PiiScrubber builtIns = PiiScrubber.builtInsOnly();
        return projectId -> builtIns;
    }
}
