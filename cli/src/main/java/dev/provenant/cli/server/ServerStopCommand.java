package dev.provenant.cli.server;

import dev.provenant.cli.ExitCodes;
import dev.provenant.cli.client.ServerLocator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant server stop [--timeout S]}: stops the server of this {@code PROVENANT_HOME}
 * (the background one client commands start, or a {@code provenant server} in another terminal)
 * gracefully, as Ctrl-C would (SIGTERM: requests finish, the database shuts down cleanly), and
 * waits until its process is gone. Exit 0 when stopped; 1 when none runs or it did not stop in time.
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "Stop the server of this PROVENANT_HOME gracefully (as Ctrl-C would) and wait until it has exited.",
            "Exit 0 when stopped; 1 when no server runs for this home, or it did not stop within --timeout."
        })
public class ServerStopCommand implements Callable<Integer> {

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "how long to wait for it to exit (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        LocalServer local = new LocalServer(ServerLocator.fromEnvironment().home());
        OptionalLong pid = local.holder();
        if (pid.isEmpty()) {
            System.err.println("provenant: no server running for PROVENANT_HOME=" + local.home());
            return ExitCodes.ERROR;
        }
        long p = pid.getAsLong();
        if (p == ProcessHandle.current().pid()) {
            System.err.println("provenant: the server of " + local.home() + " runs in this process; not stopping it");
            return ExitCodes.ERROR;
        }
        Optional<ProcessHandle> handle = p > 0 ? ProcessHandle.of(p) : Optional.empty();
        if (handle.isEmpty()) {
            System.err.println("provenant: the server of " + local.home() + " holds its lock but its pid is unknown"
                    + " (still starting?); try again in a moment");
            return ExitCodes.ERROR;
        }
        String url = local.url();
        System.err.println("provenant: stopping the server pid " + p + (url == null ? "" : " (" + url + ")") + "...");
        long t0 = System.nanoTime();
        if (!handle.get().destroy()) {
            System.err.println("provenant: cannot signal pid " + p + " (another user's process?)");
            return ExitCodes.ERROR;
        }
        try {
            handle.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("provenant: pid " + p + " did not exit within " + timeoutSeconds
                    + " s; wait longer (--timeout) or end it with kill -9 " + p);
            return ExitCodes.ERROR;
        } catch (java.util.concurrent.ExecutionException e) {
            // onExit does not fail; treat as gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        System.out.printf(
                "stopped the server of %s (pid %d) in %.1f s%n", local.home(), p, (System.nanoTime() - t0) / 1e9);
        return ExitCodes.OK;
    }
}
