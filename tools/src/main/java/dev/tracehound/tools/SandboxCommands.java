package dev.tracehound.tools;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.CommandResult;
import dev.tracehound.sandbox.RunningCommand;
import dev.tracehound.sandbox.Sandbox;

/** Runs a command in a sandbox so that cancelling the run (interrupting the thread) kills the command. */
final class SandboxCommands {

    private SandboxCommands() {}

    static CommandResult run(Sandbox sandbox, Command command) throws InterruptedException {
        RunningCommand running = sandbox.start(command, chunk -> {});
        try {
            return running.await();
        } catch (InterruptedException e) {
            running.kill();
            throw e;
        }
    }
}
