package dev.tracehound.evals;

import dev.tracehound.evals.template.Suite;
import java.util.Arrays;

/**
 * {@code ./dev eval}: runs the suite, or a part of it, against the offline investigator or a
 * provider's model and writes the report; {@code ./dev eval generate} writes the suite's
 * scenarios from the templates. Exits 1 when the CI gate fails, 2 on bad input or a failure.
 */
public final class EvalCli {

    private EvalCli() {
    }

    public static void main(String[] args) {
        int status;
        try {
            if (args.length > 0 && args[0].equals("generate")) {
                Suite.main(Arrays.copyOfRange(args, 1, args.length));
                status = 0;
            } else if (args.length > 0 && args[0].equals("gate-from")) {
                status = GateCommand.write(Arrays.copyOfRange(args, 1, args.length), System.out);
            } else if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
                System.out.println(EvalOptions.USAGE);
                status = 0;
            } else {
                status = new EvalCommand(EvalOptions.parse(args), System.getenv(), System.out).run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("eval: interrupted");
            status = 2;
        } catch (RuntimeException e) {
            System.err.println("eval: failed: " + e);
            e.printStackTrace(System.err);
            status = 2;
        }
        System.exit(status);
    }
}
