package dev.provenant.lineage.dataset.projection;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.lineage.config.ProjectionCommits;
import dev.provenant.lineage.config.ProjectionErrorsConfig;
import dev.provenant.lineage.config.ProjectionErrorsConfig.ProjectionFailures;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.CountDatasetVersionsQuery;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionPage;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.dataset.ListDatasetVersionsQuery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code dataset_versions} table and answers dataset queries from it.
 *
 * <p>The rows of a processor batch are written together by the handler of the batch's last event:
 * one statement looks up the events' global indexes, one JDBC batch inserts the rows (before: both
 * per event, so a lagging processor paid two round trips per event). Should the insert fail, the
 * rows are retried one by one to name the event that cannot be applied (see {@link
 * ProjectionErrorsConfig}), and the batch stops there unapplied.
 */
@Component
@ProcessingGroup(DatasetVersionProjection.PROCESSING_GROUP)
public class DatasetVersionProjection {

    public static final String PROCESSING_GROUP = "datasets";

    // ON CONFLICT: a redelivered event (crash between handling and token update) changes nothing.
    private static final String INSERT =
            "INSERT INTO dataset_versions (id, name, version, content_digest, size_bytes, source_uri, description,"
                    + " schema, registered_by, registered_at, event_position) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (id) DO NOTHING";

    /** One row to insert, and the event it comes from. */
    private record Row(String eventId, Object[] args) {}

    private final JdbcTemplate jdbc;
    private final ProjectionFailures failures;
    private final String batchKey = "dataset-versions-batch@" + System.identityHashCode(this);

    public DatasetVersionProjection(JdbcTemplate jdbc, ProjectionFailures failures) {
        this.jdbc = jdbc;
        this.failures = failures;
    }

    @EventHandler
    void on(
            DatasetVersionRegisteredEvent event,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant timestamp,
            EventMessage<?> message) {
        Row row = new Row(message.getIdentifier(), new Object[] {
            text(event.datasetVersionId()),
            event.name(),
            event.version(),
            text(event.contentDigest()),
            event.sizeBytes(),
            event.sourceUri(),
            event.description(),
            event.schema(),
            principal == null ? "unknown" : principal,
            java.sql.Timestamp.from(timestamp),
            null // the event's global index, looked up when the batch is written
        });
        if (!CurrentUnitOfWork.isStarted()) {
            writeRows(List.of(row));
            ProjectionCommits.afterCommit();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<Row> rows = root.getOrComputeResource(batchKey, k -> {
            List<Row> batch = new ArrayList<>();
            // a batch whose last event is not one of ours (another handler in this group) is
            // written at prepare-commit; see below why the last event's handler is preferred
            root.onPrepareCommit(u -> write(batch));
            ProjectionCommits.afterCommit();
            return batch;
        });
        rows.add(row);
        if (root instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
            // Written by the handler of the batch's last event, not at prepare-commit: the processor
            // stores its token at prepare-commit, in a handler registered before ours. Since Axon has
            // Spring's transaction manager (AxonTransactionsConfig) both are one transaction anyway;
            // failing here also names the batch's event before the token is touched.
            write(rows);
        }
    }

    /** Writes and clears the rows of one batch, in event order, in the current transaction if any. */
    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Row> pending = List.copyOf(rows);
        rows.clear();
        writeRows(pending);
    }

    private void writeRows(List<Row> rows) {
        Map<String, Long> positions = positions(rows);
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row r : rows) {
            r.args()[10] = positions.get(r.eventId());
            args.add(r.args());
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            // In a transaction (the processor's, AxonTransactionsConfig), a savepoint lets the rows be
            // retried one by one after a failed batch. Without one (a direct call in autocommit), the
            // driver sends the batch as PostgreSQL's implicit transaction up to its Sync, so a failed
            // row stops the rest; rows already written are skipped when the batch is retried (ON
            // CONFLICT DO NOTHING).
            Savepoint before = c.getAutoCommit() ? null : c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Object[] a : args) {
                    bind(ps, a);
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException batchFailed) {
                if (before != null) {
                    c.rollback(before);
                }
                throw culprit(c, rows, batchFailed);
            }
            if (before != null) {
                c.releaseSavepoint(before);
            }
            return null;
        });
    }

    /**
     * Inserts the rows one by one (each behind a savepoint in a transaction) to name the first that
     * fails. Without a transaction the rows before it stay written, as when every event wrote its
     * own row: the retry of the batch skips them (ON CONFLICT).
     */
    private RuntimeException culprit(Connection c, List<Row> rows, SQLException batchFailed) throws SQLException {
        boolean transaction = !c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Row r : rows) {
                Savepoint one = transaction ? c.setSavepoint() : null;
                try {
                    bind(ps, r.args());
                    ps.executeUpdate();
                    if (one != null) {
                        c.releaseSavepoint(one);
                    }
                } catch (SQLException e) {
                    if (one != null) {
                        c.rollback(one);
                    }
                    return failures.failedAt(
                            PROCESSING_GROUP,
                            (Long) r.args()[10],
                            DatasetVersionRegisteredEvent.class.getSimpleName(),
                            e);
                }
            }
        }
        // every row went in alone: not one event's fault (the batch is retried)
        return new IllegalStateException("writing dataset versions failed: " + batchFailed.getMessage(), batchFailed);
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR); // the nullable columns are text
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    /** The global index of every row's event, in one statement. */
    private Map<String, Long> positions(List<Row> rows) {
        Map<String, Long> found = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) c -> {
            Array ids = c.createArrayOf(
                    "text", rows.stream().map(Row::eventId).distinct().toArray());
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT eventidentifier, globalindex FROM domainevententry WHERE eventidentifier = ANY(?)")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        for (Row r : rows) {
            if (!found.containsKey(r.eventId())) {
                throw new IllegalStateException("event " + r.eventId() + " is not in the event store");
            }
        }
        return found;
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE dataset_versions");
    }

    @QueryHandler
    public Optional<DatasetVersionView> handle(FindDatasetVersionQuery query) {
        List<DatasetVersionView> rows = jdbc.query(
                "SELECT * FROM dataset_versions WHERE id = ?",
                DatasetVersionProjection::map,
                query.datasetVersionId().toString());
        return rows.stream().findFirst();
    }

    @QueryHandler
    public DatasetVersionPage handle(ListDatasetVersionsQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM dataset_versions WHERE event_position > ?");
        args.add(query.afterPosition());
        if (query.nameFilter() != null) {
            sql.append(" AND name = ?");
            args.add(query.nameFilter());
        }
        sql.append(" ORDER BY event_position LIMIT ?");
        args.add(query.limit() + 1);
        List<DatasetVersionView> rows = jdbc.query(sql.toString(), DatasetVersionProjection::map, args.toArray());
        boolean hasMore = rows.size() > query.limit();
        return new DatasetVersionPage(hasMore ? List.copyOf(rows.subList(0, query.limit())) : rows, hasMore);
    }

    @QueryHandler
    public Long handle(CountDatasetVersionsQuery query) {
        return query.nameFilter() == null
                ? jdbc.queryForObject("SELECT count(*) FROM dataset_versions", Long.class)
                : jdbc.queryForObject(
                        "SELECT count(*) FROM dataset_versions WHERE name = ?", Long.class, query.nameFilter());
    }

    private static DatasetVersionView map(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp("registered_at");
        return new DatasetVersionView(
                DatasetVersionId.parse(rs.getString("id")),
                rs.getString("name"),
                rs.getString("version"),
                Sha256Digest.parse(rs.getString("content_digest")),
                rs.getLong("size_bytes"),
                rs.getString("source_uri"),
                rs.getString("description"),
                rs.getString("schema"),
                rs.getString("registered_by"),
                at.toInstant(),
                rs.getLong("event_position"));
    }
}
