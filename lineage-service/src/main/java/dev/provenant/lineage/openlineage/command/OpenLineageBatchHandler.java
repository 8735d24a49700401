package dev.provenant.lineage.openlineage.command;

import dev.provenant.lineage.dataset.command.DatasetVersionAggregate;
import dev.provenant.lineage.run.command.RunAggregate;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageBatchCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventsCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageStaticEventCommand;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Handles a whole OpenLineage batch in one unit of work: every aggregate it touches is loaded in
 * this one command, their events are appended together when it commits, in one transaction. If
 * any part fails, nothing of the batch is recorded. Aggregates are loaded in one global order
 * (datasets, runs, static subjects; each by id) so two batches never wait on each other's locks
 * in a cycle.
 */
@Component
public class OpenLineageBatchHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenLineageBatchHandler.class);

    private final Configuration axon;
    private final JdbcTemplate jdbc;

    public OpenLineageBatchHandler(@Lazy Configuration axon, JdbcTemplate jdbc) {
        this.axon = axon;
        this.jdbc = jdbc;
    }

    /**
     * The aggregates of a batch, created or loaded: one statement finds which ones have events;
     * the others are created without reading the event store (two queries each otherwise). If
     * another writer creates one meanwhile, the append conflicts and nothing of the batch is
     * recorded (the sender retries).
     */
    private final class Aggregates<T> {
        private final Repository<T> repository;
        private final Class<T> type;
        private final java.util.Set<String> existing;
        private final java.util.Map<String, Aggregate<T>> created = new java.util.HashMap<>();

        Aggregates(Class<T> type, java.util.Collection<String> ids) {
            this.type = type;
            this.repository = axon.repository(type);
            this.existing = ids.isEmpty() ? java.util.Set.of() : existing(ids);
        }

        Aggregate<T> get(String id) throws Exception {
            if (existing.contains(id)) {
                return repository.load(id);
            }
            Aggregate<T> a = created.get(id);
            if (a == null) {
                a = repository.newInstance(factory(type, id));
                created.put(id, a);
            }
            return a;
        }
    }

    private java.util.Set<String> existing(java.util.Collection<String> ids) {
        java.util.Set<String> found = new java.util.HashSet<>();
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT DISTINCT aggregateidentifier FROM"
                    + " domainevententry WHERE aggregateidentifier = ANY(?) AND sequencenumber = 0")) {
                ps.setArray(1, c.createArrayOf("text", ids.stream().distinct().toArray()));
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return null;
        });
        return found;
    }

    @CommandHandler
    public RecordOpenLineageBatchCommand.Result handle(RecordOpenLineageBatchCommand c) throws Exception {
        Repository<DatasetVersionAggregate> datasetRepository = axon.repository(DatasetVersionAggregate.class);
        List<RegisterDatasetVersionCommand> ds = new ArrayList<>(c.datasets());
        ds.sort(Comparator.comparing(RegisterDatasetVersionCommand::datasetVersionId));
        String previous = null;
        for (RegisterDatasetVersionCommand d : ds) {
            if (d.datasetVersionId().equals(previous)) {
                continue; // one event's input is another's output: the first registration decides
            }
            previous = d.datasetVersionId();
            // loaded or created through the event store: its handler tells "new" by an unset id
            Aggregate<DatasetVersionAggregate> a =
                    datasetRepository.loadOrCreate(d.datasetVersionId(), factory(DatasetVersionAggregate.class));
            try {
                a.handle(GenericCommandMessage.asCommandMessage(d));
            } catch (CommandExecutionException conflict) {
                // registered before with other content: the run still refers to it (as for single events)
                log.warn("OpenLineage dataset {} not registered: {}", d.datasetVersionId(), conflict.getMessage());
            }
        }

        Aggregates<RunAggregate> runs = new Aggregates<>(
                RunAggregate.class,
                c.runs().stream().map(RecordOpenLineageRunEventsCommand::runId).toList());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> c.runs().get(i).runId()));
        List<List<Boolean>> runResults =
                new ArrayList<>(java.util.Collections.nCopies(c.runs().size(), null));
        for (int i : order) {
            RecordOpenLineageRunEventsCommand r = c.runs().get(i);
            Aggregate<RunAggregate> a = runs.get(r.runId());
            @SuppressWarnings("unchecked")
            List<Boolean> recorded = (List<Boolean>) a.handle(GenericCommandMessage.asCommandMessage(r));
            runResults.set(i, recorded);
        }

        Aggregates<OpenLineageStaticEventsAggregate> statics = new Aggregates<>(
                OpenLineageStaticEventsAggregate.class,
                c.statics().stream()
                        .map(RecordOpenLineageStaticEventCommand::subjectId)
                        .toList());
        List<Integer> staticOrder = new ArrayList<>();
        for (int i = 0; i < c.statics().size(); i++) {
            staticOrder.add(i);
        }
        staticOrder.sort(Comparator.comparing(i -> c.statics().get(i).subjectId()));
        List<Boolean> staticResults =
                new ArrayList<>(java.util.Collections.nCopies(c.statics().size(), null));
        for (int i : staticOrder) {
            RecordOpenLineageStaticEventCommand s = c.statics().get(i);
            Aggregate<OpenLineageStaticEventsAggregate> a = statics.get(s.subjectId());
            staticResults.set(i, (Boolean) a.handle(GenericCommandMessage.asCommandMessage(s)));
        }
        return new RecordOpenLineageBatchCommand.Result(runResults, staticResults);
    }

    private static <T> Callable<T> factory(Class<T> type) {
        return factory(type, null);
    }

    /**
     * A new, empty aggregate; with {@code id}, its identifier field already set (the unit of work
     * tells the aggregates it manages apart by identifier; the first event sets the same value).
     */
    private static <T> Callable<T> factory(Class<T> type, String id) {
        return () -> {
            Constructor<T> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            T instance = ctor.newInstance();
            if (id != null) {
                for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                    if (f.isAnnotationPresent(org.axonframework.modelling.command.AggregateIdentifier.class)) {
                        f.setAccessible(true);
                        f.set(instance, id);
                    }
                }
            }
            return instance;
        };
    }
}
