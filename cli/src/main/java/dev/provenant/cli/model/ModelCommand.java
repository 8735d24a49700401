package dev.provenant.cli.model;

import picocli.CommandLine.Command;

/**
 * {@code provenant model register|promote}: the model registry from the command line (the same
 * mutations as GraphQL's {@code registerModelVersion} and {@code transitionModelStage}).
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Register a run's output as a model version, or move a model version to another stage.",
            "List model versions with `provenant models`."
        },
        subcommands = {ModelRegisterCommand.class, ModelPromoteCommand.class})
public class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: register or promote (see `provenant model --help`)");
    }
}
