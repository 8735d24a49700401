package dev.provenant.cli.client;

import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Base of commands that talk to a server: checks its arguments ({@link #validate}, before any
 * server is contacted or started), connects (starting a local server if needed), runs, and turns
 * {@link CliException}s into one line on stderr and their exit code.
 */
public abstract class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        validate();
        try {
            return run(ServerLocator.fromEnvironment().connect());
        } catch (CliException e) {
            System.err.println("provenant: " + e.getMessage());
            return e.exitCode();
        }
    }

    /**
     * Checks arguments picocli cannot (node ids, ranges); throws {@link #usage} for a bad one, which
     * the CLI reports as a usage error (exit 2) before anything is sent.
     */
    protected void validate() {}

    /** A usage error (exit 2) naming the bad value and the rule it broke. */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The node id, checked: a malformed one is a usage error naming what is wrong. */
    protected String checkNode(String id) {
        try {
            return dev.provenant.messages.lineage.NodeId.parse(id).value();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** A value outside {@code min..max} is a usage error naming the allowed range. */
    protected void checkRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(option + ": " + value + " is out of range; use " + min + " to " + max);
        }
    }

    protected abstract int run(ProvenantClient client);
}
