package dev.tracehound.incidents.alerting;

/**
 * What one round did.
 *
 * @param evaluated checks this instance claimed and evaluated
 * @param skipped   checks whose slot another instance (or an earlier round) had taken
 * @param failed    checks whose evaluation or whose writes failed; logged, the others went on
 */
public record RoundResult(int evaluated, int skipped, int failed, int incidentsOpened, int incidentsResolved,
        int investigationsRequested) {}
