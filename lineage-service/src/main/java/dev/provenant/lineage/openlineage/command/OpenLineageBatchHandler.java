package dev.provenant.lineage.openlineage.command;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.lineage.config.AggregateLocks;
import dev.provenant.lineage.dataset.command.DatasetVersionAggregate;
import dev.provenant.lineage.run.command.RunAggregate;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageBatchCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventsCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageStaticEventCommand;
import java.lang.reflect.Constructor;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Handles a whole OpenLineage batch in one unit of work: every aggregate it touches is loaded in
 * this one command, their events are appended together when it commits, in one transaction. If
 * any part fails, nothing of the batch is recorded. Aggregates are locked in one global order
 * (datasets, runs, static subjects; each by id) so two batches never wait on each other's locks
 * in a cycle.
 *
 * <h2>New aggregates without reading the event store</h2>
 *
 * Most aggregates of a batch are new (a run's first event, its output datasets), and loading one
 * costs two queries (snapshot table, event table) that find nothing. So the handler first takes
 * <em>all</em> the batch's aggregate locks ({@link AggregateLocks}, the same locks Axon's
 * repositories take), then asks in one statement which of the ids have events, and creates the
 * others directly ({@code newInstance}) instead of loading them. Holding the locks before the
 * question is what makes the answer stay true until this transaction commits: no other command of
 * this process can create those aggregates meanwhile. (Asking first and locking later, as a
 * reverted attempt did, lets two requests both decide "new" and the later append conflict and
 * roll back its whole batch.) Another server instance creating the same aggregate at the same
 * moment still conflicts on the append and the batch is retried, as before.
 */
@Component
public class OpenLineageBatchHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenLineageBatchHandler.class);

    private final Configuration axon;
    private final LockFactory locks;
    private final JdbcTemplate jdbc;

    public OpenLineageBatchHandler(
            @Lazy Configuration axon, @Qualifier(AggregateLocks.BEAN) LockFactory locks, JdbcTemplate jdbc) {
        this.axon = axon;
        this.locks = locks;
        this.jdbc = jdbc;
    }

    @CommandHandler
    public RecordOpenLineageBatchCommand.Result handle(RecordOpenLineageBatchCommand c) throws Exception {
        List<RegisterDatasetVersionCommand> ds = new ArrayList<>(c.datasets());
        ds.sort(Comparator.comparing(d -> d.datasetVersionId().toString()));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> c.runs().get(i).runId().toString()));
        List<Integer> staticOrder = new ArrayList<>();
        for (int i = 0; i < c.statics().size(); i++) {
            staticOrder.add(i);
        }
        staticOrder.sort(
                Comparator.comparing(i -> c.statics().get(i).subjectId().toString()));

        // every aggregate id of the batch, in lock order; an id handled more than once (a static
        // subject with two events) is loaded the usual way, so the second use finds the first
        List<String> lockOrder = new ArrayList<>();
        ds.forEach(d -> lockOrder.add(text(d.datasetVersionId())));
        order.forEach(i -> lockOrder.add(text(c.runs().get(i).runId())));
        staticOrder.forEach(i -> lockOrder.add(text(c.statics().get(i).subjectId())));
        Set<String> fresh = lockAndFindNew(lockOrder);

        Repository<DatasetVersionAggregate> datasets = axon.repository(DatasetVersionAggregate.class);
        DatasetVersionId previous = null;
        for (RegisterDatasetVersionCommand d : ds) {
            if (d.datasetVersionId().equals(previous)) {
                continue; // one event's input is another's output: the first registration decides
            }
            previous = d.datasetVersionId();
            try {
                handleIn(datasets, DatasetVersionAggregate.class, text(d.datasetVersionId()), d, fresh);
            } catch (CommandExecutionException conflict) {
                // registered before with other content: the run still refers to it (as for single events)
                log.warn("OpenLineage dataset {} not registered: {}", d.datasetVersionId(), conflict.getMessage());
            }
        }

        Repository<RunAggregate> runs = axon.repository(RunAggregate.class);
        List<List<Boolean>> runResults =
                new ArrayList<>(java.util.Collections.nCopies(c.runs().size(), null));
        for (int i : order) {
            RecordOpenLineageRunEventsCommand r = c.runs().get(i);
            @SuppressWarnings("unchecked")
            List<Boolean> recorded = (List<Boolean>) handleIn(runs, RunAggregate.class, text(r.runId()), r, fresh);
            runResults.set(i, recorded);
        }

        Repository<OpenLineageStaticEventsAggregate> statics = axon.repository(OpenLineageStaticEventsAggregate.class);
        List<Boolean> staticResults =
                new ArrayList<>(java.util.Collections.nCopies(c.statics().size(), null));
        for (int i : staticOrder) {
            RecordOpenLineageStaticEventCommand s = c.statics().get(i);
            staticResults.set(i, (Boolean)
                    handleIn(statics, OpenLineageStaticEventsAggregate.class, text(s.subjectId()), s, fresh));
        }
        return new RecordOpenLineageBatchCommand.Result(runResults, staticResults);
    }

    /**
     * Takes the lock of every id (in the given order, each once; released when the unit of work
     * ends), then returns the ids that occur once in the batch and have no event in the store.
     */
    private Set<String> lockAndFindNew(List<String> lockOrder) {
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (String id : lockOrder) {
            if (uses.merge(id, 1, Integer::sum) == 1) {
                Lock lock = locks.obtainLock(id);
                uow.onCleanup(u -> lock.release());
            }
        }
        if (uses.isEmpty()) {
            return Set.of();
        }
        String[] ids = uses.keySet().toArray(String[]::new);
        Set<String> existing = new HashSet<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement("SELECT DISTINCT aggregateidentifier FROM"
                            + " domainevententry WHERE aggregateidentifier = ANY(?)");
                    ps.setArray(1, con.createArrayOf("varchar", ids));
                    return ps;
                },
                (RowCallbackHandler) rs -> existing.add(rs.getString(1)));
        Set<String> fresh = new HashSet<>();
        uses.forEach((id, n) -> {
            if (n == 1 && !existing.contains(id)) {
                fresh.add(id);
            }
        });
        return fresh;
    }

    /**
     * Hands the command to its aggregate: a known-new one is created without reading the store
     * (the command applied while creating it, so its id is known when the unit of work registers
     * it, as Axon does for creation handlers); any other is loaded, or created if absent.
     */
    private static <T> Object handleIn(
            Repository<T> repository, Class<T> type, String id, Object command, Set<String> fresh) throws Exception {
        if (!fresh.contains(id)) {
            return repository.loadOrCreate(id, factory(type)).handle(GenericCommandMessage.asCommandMessage(command));
        }
        Object[] result = new Object[1];
        try {
            repository.newInstance(factory(type), a -> {
                try {
                    result[0] = a.handle(GenericCommandMessage.asCommandMessage(command));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked e) {
            throw e.checked;
        }
        return result[0];
    }

    /** Carries a checked exception of a command handler out of a {@code Consumer}. */
    private static final class Checked extends RuntimeException {
        final Exception checked;

        Checked(Exception cause) {
            super(cause);
            this.checked = cause;
        }
    }

    private static <T> Callable<T> factory(Class<T> type) {
        return () -> {
            Constructor<T> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        };
    }
}
