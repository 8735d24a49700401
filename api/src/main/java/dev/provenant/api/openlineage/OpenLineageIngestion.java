package dev.provenant.api.openlineage;

import dev.provenant.api.graphql.CommandSender;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import java.io.ByteArrayInputStream;
import java.util.List;
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

    /**
     * Records the events of one batch: dataset versions first, then each run's events in one
     * command (one transaction per run instead of one per event), static events one by one.
     * Returns one result per mapped event, in order.
     */
    List<Result> recordAll(List<OpenLineageMapper.Mapped> batch, String principal) {
        for (OpenLineageMapper.Mapped m : batch) {
            registerDatasets(m, principal);
        }
        Result[] results = new Result[batch.size()];
        java.util.Map<String, List<Integer>> byRun = new java.util.LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            OpenLineageMapper.Mapped m = batch.get(i);
            if (m.runCommand() != null) {
                byRun.computeIfAbsent(m.subjectId(), k -> new java.util.ArrayList<>())
                        .add(i);
            } else {
                results[i] = send(m.staticCommand(), m.subjectId(), principal);
            }
        }
        byRun.forEach((runId, indexes) -> {
            List<dev.provenant.messages.openlineage.RecordOpenLineageRunEventCommand> events =
                    indexes.stream().map(i -> batch.get(i).runCommand()).toList();
            CommandSender.Outcome<List<Boolean>> outcome = commands.send(
                    new dev.provenant.messages.openlineage.RecordOpenLineageRunEventsCommand(runId, events), principal);
            for (int k = 0; k < indexes.size(); k++) {
                results[indexes.get(k)] = outcome.failed()
                        ? new Result("invalid: " + outcome.error().message(), runId)
                        : new Result(Boolean.TRUE.equals(outcome.result().get(k)) ? "recorded" : "duplicate", runId);
            }
        });
        return java.util.Arrays.asList(results);
    }

    private Result send(Object command, String subject, String principal) {
        CommandSender.Outcome<Boolean> outcome = commands.send(command, principal);
        if (outcome.failed()) {
            throw new InvalidEventException("run", outcome.error().message());
        }
        return new Result(Boolean.TRUE.equals(outcome.result()) ? "recorded" : "duplicate", subject);
    }

    Result record(OpenLineageMapper.Mapped mapped, String principal) {
        registerDatasets(mapped, principal);
        Object command = mapped.runCommand() != null ? mapped.runCommand() : mapped.staticCommand();
        return send(command, mapped.subjectId(), principal);
    }

    private void registerDatasets(OpenLineageMapper.Mapped mapped, String principal) {
        ArtifactStore artifacts = store.getIfAvailable();
        List<OpenLineageMapper.DatasetRef> datasets = mapped.datasets();
        List<RegisterDatasetVersionCommand> registrations = mapped.datasetCommands();
        for (int i = 0; i < datasets.size(); i++) {
            RegisterDatasetVersionCommand c = registrations.get(i);
            String key = c.datasetVersionId() + "|" + c.contentDigest();
            if (registered.contains(key)) {
                continue; // registered by this process before: it would record nothing
            }
            if (artifacts != null) {
                // The descriptor is the dataset's stored content, so every digest in the record
                // resolves. It is derived from the raw event kept in the event store: no fsync.
                byte[] descriptor = datasets.get(i).descriptor();
                artifacts.put(PutArgs.builder().stream(new ByteArrayInputStream(descriptor))
                        .expectedDigest(Digest.of(descriptor))
                        .durable(false)
                        .build());
            }
            CommandSender.Outcome<Object> o = commands.send(c, principal);
            if (o.failed()) {
                log.warn(
                        "OpenLineage dataset {} not registered: {}",
                        c.datasetVersionId(),
                        o.error().message());
            } else if (registered.size() < MAX_REMEMBERED) {
                registered.add(key);
            }
        }
    }
}
