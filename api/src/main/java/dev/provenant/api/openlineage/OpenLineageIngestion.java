package dev.provenant.api.openlineage;

import dev.provenant.api.graphql.CommandSender;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageBatchCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventsCommand;
import dev.provenant.messages.run.RunId;
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

    /** Attempts of a batch that met a concurrent writer of the same run or dataset (it records nothing). */
    private static final int CONFLICT_ATTEMPTS = 5;

    /**
     * Records the events of one batch in one command and one transaction: the dataset versions
     * this process has not registered yet, every run's events merged in order, the static events.
     * All of it is recorded or none of it. Returns one result per mapped event, in order; if the
     * batch as a whole was refused (a conflict that persisted), every event says so.
     */
    List<Result> recordAll(List<OpenLineageMapper.Mapped> batch, String principal) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<RegisterDatasetVersionCommand> datasets = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (OpenLineageMapper.Mapped m : batch) {
            datasets.addAll(newDatasets(m, keys));
        }
        java.util.Map<String, List<Integer>> byRun = new java.util.LinkedHashMap<>();
        List<Integer> statics = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            OpenLineageMapper.Mapped m = batch.get(i);
            if (m.runCommand() != null) {
                byRun.computeIfAbsent(m.subjectId(), k -> new java.util.ArrayList<>())
                        .add(i);
            } else {
                statics.add(i);
            }
        }
        List<RecordOpenLineageRunEventsCommand> runs = new java.util.ArrayList<>();
        byRun.forEach((runId, indexes) -> runs.add(new RecordOpenLineageRunEventsCommand(
                RunId.parse(runId),
                indexes.stream().map(i -> batch.get(i).runCommand()).toList())));
        RecordOpenLineageBatchCommand command = new RecordOpenLineageBatchCommand(
                datasets,
                runs,
                statics.stream().map(i -> batch.get(i).staticCommand()).toList());
        CommandSender.Outcome<RecordOpenLineageBatchCommand.Result> outcome = null;
        for (int attempt = 1; outcome == null; attempt++) {
            // another batch may append to one of the same runs or datasets meanwhile (a run's
            // events split over two requests): then nothing of this one was recorded, and merging
            // again is idempotent
            try {
                outcome = commands.send(command, principal);
                if (outcome.failed()
                        && outcome.error().code() == dev.provenant.messages.common.ErrorCode.CONFLICT
                        && attempt < CONFLICT_ATTEMPTS) {
                    outcome = null;
                }
            } catch (RuntimeException e) {
                if (!concurrentAppend(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
        Result[] results = new Result[batch.size()];
        if (outcome.failed()) {
            for (int i = 0; i < batch.size(); i++) {
                results[i] = new Result(
                        "invalid: " + outcome.error().message(), batch.get(i).subjectId());
            }
            return java.util.Arrays.asList(results);
        }
        if (registered.size() < MAX_REMEMBERED) {
            registered.addAll(keys);
        }
        int r = 0;
        for (List<Integer> indexes : byRun.values()) {
            List<Boolean> recorded = outcome.result().runs().get(r++);
            for (int k = 0; k < indexes.size(); k++) {
                OpenLineageMapper.Mapped m = batch.get(indexes.get(k));
                results[indexes.get(k)] =
                        new Result(Boolean.TRUE.equals(recorded.get(k)) ? "recorded" : "duplicate", m.subjectId());
            }
        }
        for (int k = 0; k < statics.size(); k++) {
            OpenLineageMapper.Mapped m = batch.get(statics.get(k));
            results[statics.get(k)] = new Result(
                    Boolean.TRUE.equals(outcome.result().statics().get(k)) ? "recorded" : "duplicate", m.subjectId());
        }
        return java.util.Arrays.asList(results);
    }

    /** Another writer appended to the same aggregate first (unique sequence number violated). */
    static boolean concurrentAppend(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.axonframework.modelling.command.ConcurrencyException
                    || t instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && ("23505".equals(sql.getSQLState())
                            || (sql.getNextException() != null
                                    && "23505".equals(sql.getNextException().getSQLState())))) {
                return true;
            }
            if (t instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
                    && String.valueOf(t.getMessage()).startsWith("Cannot reuse aggregate identifier")) {
                return true; // Axon's wording for a duplicate (aggregate, sequence 0)
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /**
     * The dataset registrations of one event this process has not sent before, with their
     * descriptors stored; {@code keys} collects what to remember once the batch is recorded.
     */
    private List<RegisterDatasetVersionCommand> newDatasets(
            OpenLineageMapper.Mapped mapped, java.util.Set<String> keys) {
        ArtifactStore artifacts = store.getIfAvailable();
        List<OpenLineageMapper.DatasetRef> datasets = mapped.datasets();
        List<RegisterDatasetVersionCommand> registrations = mapped.datasetCommands();
        List<RegisterDatasetVersionCommand> out = new java.util.ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            RegisterDatasetVersionCommand c = registrations.get(i);
            String key = c.datasetVersionId() + "|" + c.contentDigest();
            if (registered.contains(key) || !keys.add(key)) {
                continue;
            }
            if (artifacts != null) {
                // content-addressed and derived from the raw event: storing it before the batch
                // commits leaves at most an unreferenced descriptor if the batch fails
                byte[] descriptor = datasets.get(i).descriptor();
                artifacts.put(PutArgs.builder().stream(new ByteArrayInputStream(descriptor))
                        .expectedDigest(Digest.of(descriptor))
                        .durable(false)
                        .build());
            }
            out.add(c);
        }
        return out;
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
