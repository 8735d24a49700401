package dev.provenant.lineage.model.projection;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.model.CountModelVersionsQuery;
import dev.provenant.messages.model.FindModelVersionQuery;
import dev.provenant.messages.model.ListModelVersionsQuery;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionPage;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.run.RunId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers model-version queries; the stage as of T comes from the append-only transitions. */
@Component
public class ModelQueries {

    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");
    private final JdbcTemplate jdbc;

    public ModelQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Optional<ModelVersionView> handle(FindModelVersionQuery q) {
        String id = q.modelVersionId().toString();
        Instant asOf = q.asOf() == null ? FAR_FUTURE : q.asOf();
        return jdbc
                .query(
                        "SELECT * FROM model_versions WHERE id = ? AND registered_at <= ?",
                        (rs, i) -> map(rs, asOf),
                        id,
                        Timestamp.from(asOf))
                .stream()
                .findFirst();
    }

    @QueryHandler
    public ModelVersionPage handle(ListModelVersionsQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM model_versions WHERE event_position > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterPosition());
        if (q.name() != null) {
            sql.append(" AND name = ?");
            args.add(q.name());
        }
        sql.append(" ORDER BY event_position");
        List<ModelVersionView> rows = jdbc.query(sql.toString(), (rs, i) -> map(rs, FAR_FUTURE), args.toArray());
        if (q.stage() != null) {
            rows = rows.stream().filter(m -> m.stage() == q.stage()).toList();
        }
        boolean more = rows.size() > q.limit();
        return new ModelVersionPage(more ? List.copyOf(rows.subList(0, q.limit())) : rows, more);
    }

    @QueryHandler
    public Long handle(CountModelVersionsQuery q) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM model_versions mv WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.name() != null) {
            sql.append(" AND mv.name = ?");
            args.add(q.name());
        }
        if (q.stage() != null) {
            // the current stage is the latest transition's target (NONE before the first)
            sql.append(" AND coalesce((SELECT t.to_stage FROM model_stage_transitions t WHERE t.model_version_id"
                    + " = mv.id ORDER BY t.event_position DESC LIMIT 1), 'NONE') = ?");
            args.add(q.stage().name());
        }
        return jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    }

    private ModelVersionView map(ResultSet rs, Instant asOf) throws SQLException {
        String id = rs.getString("id");
        List<ModelVersionView.StageTransition> transitions = jdbc.query(
                "SELECT * FROM model_stage_transitions WHERE model_version_id = ? AND recorded_at <= ?"
                        + " ORDER BY event_position",
                (t, i) -> new ModelVersionView.StageTransition(
                        ModelStage.valueOf(t.getString("from_stage")),
                        ModelStage.valueOf(t.getString("to_stage")),
                        t.getString("reason"),
                        t.getString("principal"),
                        t.getTimestamp("recorded_at").toInstant(),
                        t.getLong("event_position")),
                id,
                Timestamp.from(asOf));
        ModelStage stage = transitions.isEmpty()
                ? ModelStage.NONE
                : transitions.get(transitions.size() - 1).to();
        long aggregateVersion = transitions.isEmpty()
                ? 0
                : jdbc.queryForObject(
                        "SELECT max(sequence_number) FROM model_stage_transitions WHERE model_version_id = ?"
                                + " AND recorded_at <= ?",
                        Long.class,
                        id,
                        Timestamp.from(asOf));
        return new ModelVersionView(
                ModelVersionId.parse(id),
                rs.getString("name"),
                rs.getString("version"),
                RunId.parse(rs.getString("run_id")),
                rs.getString("output_name"),
                Sha256Digest.parse(rs.getString("digest")),
                rs.getLong("size_bytes"),
                rs.getString("description"),
                stage,
                rs.getString("registered_by"),
                rs.getTimestamp("registered_at").toInstant(),
                transitions,
                aggregateVersion,
                rs.getLong("event_position"));
    }
}
