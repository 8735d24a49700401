package dev.provenant.api.graphql;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.ProvenantMetadata;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.stereotype.Component;

/**
 * Sends commands with the caller's principal in their metadata, and turns expected failures into
 * {@link UserError}s (returned as data) while anything else propagates.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Outcome of a command: its result, or one expected failure. */
    public record Outcome<R>(R result, UserError error) {
        public boolean failed() {
            return error != null;
        }
    }

    public <R> Outcome<R> send(Object command, String principal) {
        io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start();
        String outcome = "error";
        try {
            Outcome<R> result = sendTimed(command, principal);
            outcome = result.failed() ? "rejected" : "ok";
            return result;
        } finally {
            // commands are our own classes: a bounded set of tag values
            sample.stop(io.micrometer.core.instrument.Metrics.timer(
                    "provenant.commands", "command", command.getClass().getSimpleName(), "outcome", outcome));
        }
    }

    private <R> Outcome<R> sendTimed(Object command, String principal) {
        try {
            R result = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .withMetaData(Map.of(ProvenantMetadata.PRINCIPAL, principal)));
            return new Outcome<>(result, null);
        } catch (CommandExecutionException e) {
            Optional<Object> details = e.getDetails();
            if (details.isPresent() && details.get() instanceof ErrorCode code) {
                return new Outcome<>(null, new UserError(code, e.getMessage(), null));
            }
            throw e;
        } catch (ConflictingAggregateVersionException e) {
            return new Outcome<>(
                    null,
                    new UserError(
                            ErrorCode.CONFLICT,
                            "The record changed since you read it (expected version " + e.getExpectedVersion()
                                    + ", found " + e.getActualVersion() + "); read it again and decide anew",
                            "expectedVersion"));
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            return new Outcome<>(
                    null,
                    new UserError(
                            ErrorCode.CONFLICT,
                            "Another writer changed the same record at the same time; read it again and retry if"
                                    + " still needed",
                            null));
        }
    }
}
