package dev.provenant.lineage.openlineage.command;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.lineage.dataset.command.DatasetVersionAggregate;
import dev.provenant.lineage.run.command.RunAggregate;
import dev.provenant.messages.dataset.DatasetVersionId;
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

    public OpenLineageBatchHandler(@Lazy Configuration axon) {
        this.axon = axon;
    }

    @CommandHandler
    public RecordOpenLineageBatchCommand.Result handle(RecordOpenLineageBatchCommand c) throws Exception {
        Repository<DatasetVersionAggregate> datasets = axon.repository(DatasetVersionAggregate.class);
        List<RegisterDatasetVersionCommand> ds = new ArrayList<>(c.datasets());
        ds.sort(Comparator.comparing(d -> d.datasetVersionId().toString()));
        DatasetVersionId previous = null;
        for (RegisterDatasetVersionCommand d : ds) {
            if (d.datasetVersionId().equals(previous)) {
                continue; // one event's input is another's output: the first registration decides
            }
            previous = d.datasetVersionId();
            Aggregate<DatasetVersionAggregate> a =
                    datasets.loadOrCreate(text(d.datasetVersionId()), factory(DatasetVersionAggregate.class));
            try {
                a.handle(GenericCommandMessage.asCommandMessage(d));
            } catch (CommandExecutionException conflict) {
                // registered before with other content: the run still refers to it (as for single events)
                log.warn("OpenLineage dataset {} not registered: {}", d.datasetVersionId(), conflict.getMessage());
            }
        }

        Repository<RunAggregate> runs = axon.repository(RunAggregate.class);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> c.runs().get(i).runId().toString()));
        List<List<Boolean>> runResults =
                new ArrayList<>(java.util.Collections.nCopies(c.runs().size(), null));
        for (int i : order) {
            RecordOpenLineageRunEventsCommand r = c.runs().get(i);
            Aggregate<RunAggregate> a = runs.loadOrCreate(text(r.runId()), factory(RunAggregate.class));
            @SuppressWarnings("unchecked")
            List<Boolean> recorded = (List<Boolean>) a.handle(GenericCommandMessage.asCommandMessage(r));
            runResults.set(i, recorded);
        }

        Repository<OpenLineageStaticEventsAggregate> statics = axon.repository(OpenLineageStaticEventsAggregate.class);
        List<Integer> staticOrder = new ArrayList<>();
        for (int i = 0; i < c.statics().size(); i++) {
            staticOrder.add(i);
        }
        staticOrder.sort(
                Comparator.comparing(i -> c.statics().get(i).subjectId().toString()));
        List<Boolean> staticResults =
                new ArrayList<>(java.util.Collections.nCopies(c.statics().size(), null));
        for (int i : staticOrder) {
            RecordOpenLineageStaticEventCommand s = c.statics().get(i);
            Aggregate<OpenLineageStaticEventsAggregate> a =
                    statics.loadOrCreate(text(s.subjectId()), factory(OpenLineageStaticEventsAggregate.class));
            staticResults.set(i, (Boolean) a.handle(GenericCommandMessage.asCommandMessage(s)));
        }
        return new RecordOpenLineageBatchCommand.Result(runResults, staticResults);
    }

    private static <T> Callable<T> factory(Class<T> type) {
        return () -> {
            Constructor<T> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        };
    }
}
