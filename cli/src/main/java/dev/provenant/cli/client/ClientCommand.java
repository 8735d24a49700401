package dev.provenant.cli.client;

import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.concurrent.Callable;

/**
 * Base of commands that talk to a server: connects (starting a local server if needed), runs,
 * and turns {@link CliException}s into one line on stderr and their exit code.
 */
public abstract class ClientCommand implements Callable<Integer> {

    @Override
    public final Integer call() {
        try {
            return run(ServerLocator.fromEnvironment().connect());
        } catch (CliException e) {
            System.err.println("provenant: " + e.getMessage());
            return e.exitCode();
        }
    }

    protected abstract int run(ProvenantClient client);
}
