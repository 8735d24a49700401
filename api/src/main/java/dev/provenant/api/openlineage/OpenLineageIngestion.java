package dev.provenant.api.openlineage;

import dev.provenant.api.graphql.CommandSender;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Records one mapped OpenLineage event: dataset versions first, then the run (or the static event). */
@Component
public class OpenLineageIngestion {

    private static final Logger log = LoggerFactory.getLogger(OpenLineageIngestion.class);

    private final CommandSender commands;
    private final ObjectProvider<ArtifactStore> store;
    // Dataset versions this process has already registered: a busy pipeline reads the same
    // tables in every run; registering again would record nothing but costs a command each time.
    private final java.util.Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int MAX_REMEMBERED = 100_000;

    public OpenLineageIngestion(CommandSender commands, ObjectProvider<ArtifactStore> store) {
        this.commands = commands;
        this.store = store;
    }

    /** Outcome: recorded, or already received before. */
    public record Result(String status, String subject) {}

    Result record(OpenLineageMapper.Mapped mapped, String principal) {
        ArtifactStore artifacts = store.getIfAvailable();
        for (OpenLineageMapper.DatasetRef d : mapped.datasets()) {
            if (artifacts != null) {
                // the descriptor is the dataset's stored content, so every digest in the record resolves
                artifacts.put(d.descriptor());
            }
        }
        for (RegisterDatasetVersionCommand c : mapped.datasetCommands()) {
            CommandSender.Outcome<Object> o = commands.send(c, principal);
            if (o.failed()) {
                log.warn(
                        "OpenLineage dataset {} not registered: {}",
                        c.datasetVersionId(),
                        o.error().message());
            }
        }
        Object command = mapped.runCommand() != null ? mapped.runCommand() : mapped.staticCommand();
        CommandSender.Outcome<Boolean> outcome = commands.send(command, principal);
        if (outcome.failed()) {
            throw new InvalidEventException("run", outcome.error().message());
        }
        return new Result(Boolean.TRUE.equals(outcome.result()) ? "recorded" : "duplicate", mapped.subjectId());
    }
}
