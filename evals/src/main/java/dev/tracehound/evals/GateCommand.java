package dev.tracehound.evals;

import dev.tracehound.evals.gate.CiGate;
import dev.tracehound.evals.gate.GateSubset;
import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.report.ReportFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code ./dev eval gate-from}: the CI gate measured from a run of the whole suite. */
final class GateCommand {

    private GateCommand() {
    }

    static int write(String[] args, PrintStream out) {
        if (args.length < 1) {
            throw new IllegalArgumentException("gate-from needs a report.json of a run of the whole suite");
        }
        Path report = Path.of(args[0]);
        Path file = Path.of(args.length > 1 ? args[1] : "evals/gate.json");
        try {
            EvalReport run = ReportFiles.parse(Files.readString(report));
            if (!run.filter().isBlank()) {
                throw new IllegalArgumentException(report + " is a run of part of the suite (" + run.filter()
                        + "); the gate is measured on a run of all of it");
            }
            CiGate measured = GateSubset.from(run);
            CiGate gate = Files.exists(file)
                    ? new CiGate(measured.scenarios(), measured.threshold(), measured.measuredPassRate(),
                            measured.baseline(), CiGate.read(file).knownChanges())
                    : measured;
            Files.writeString(file, gate.json());
            out.printf(Locale.ROOT, "wrote %s: %d scenarios, measured pass rate %.1f%% (run %s of %s, commit %s), "
                    + "threshold %.1f%%%n", file, gate.scenarios().size(), gate.measuredPassRate() * 100, run.id(),
                    run.model(), run.gitCommit(), gate.threshold() * 100);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + report + " or write " + file, e);
        }
    }
}
