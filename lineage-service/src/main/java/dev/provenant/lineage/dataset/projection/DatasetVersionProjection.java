package dev.provenant.lineage.dataset.projection;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.CountDatasetVersionsQuery;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionPage;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.dataset.ListDatasetVersionsQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps the {@code dataset_versions} table and answers dataset queries from it. */
@Component
@ProcessingGroup(DatasetVersionProjection.PROCESSING_GROUP)
public class DatasetVersionProjection {

    public static final String PROCESSING_GROUP = "datasets";

    private final JdbcTemplate jdbc;

    public DatasetVersionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(
            DatasetVersionRegisteredEvent event,
            @MetaDataValue(ProvenantMetadata.PRINCIPAL) String principal,
            @Timestamp Instant timestamp,
            EventMessage<?> message) {
        long position = dev.provenant.lineage.graph.projection.EventPositions.of(jdbc, message);
        // ON CONFLICT: a redelivered event (crash between handling and token update) changes nothing.
        jdbc.update(
                "INSERT INTO dataset_versions (id, name, version, content_digest, size_bytes, source_uri, description,"
                        + " schema, registered_by, registered_at, event_position) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (id) DO NOTHING",
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
                position);
        dev.provenant.lineage.config.ProjectionCommits.afterCommit();
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
