package dev.provenant.lineage.graph.projection;

import dev.provenant.lineage.run.projection.RunTableQueries;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.lineage.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds lineage nodes (datasets, runs, models, artifacts, code snapshots) by id prefix, digest
 * prefix or name. Id matches come first, then names; each node once.
 */
@Component
public class SearchQueries {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,64}");
    private static final List<String> PREFIXES = List.of("run:", "dataset:", "model:", "sha256:");

    private final JdbcTemplate jdbc;

    public SearchQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public SearchQuery.Result handle(SearchQuery q) {
        String text = q.text();
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, SearchQuery.Hit> hits = new LinkedHashMap<>();
        List<String> idPrefixes = new ArrayList<>();
        if (PREFIXES.stream().anyMatch(lower::startsWith)) {
            idPrefixes.add(text);
        } else if (HEX.matcher(lower).matches()) {
            // a bare hex string: a run id or a digest
            idPrefixes.add("run:" + lower);
            idPrefixes.add("sha256:" + lower);
        } else {
            // a bare name: a dataset or model of that name
            idPrefixes.add("dataset:" + text);
            idPrefixes.add("model:" + text);
        }
        for (String prefix : idPrefixes) {
            add(
                    hits,
                    "SELECT id, kind, label, recorded_at FROM lineage_nodes WHERE id LIKE ? ESCAPE '\\'"
                            + " ORDER BY id LIMIT ?",
                    prefix.startsWith("sha256:") ? "DIGEST_PREFIX" : "ID_PREFIX",
                    q.limit(),
                    RunTableQueries.likeEscape(prefix) + "%",
                    q.limit());
        }
        if (hits.size() < q.limit()) {
            add(
                    hits,
                    "SELECT id, kind, label, recorded_at FROM lineage_nodes WHERE label ILIKE ? ESCAPE '\\'"
                            + " ORDER BY (lower(label) = lower(?)) DESC, recorded_at DESC LIMIT ?",
                    "NAME",
                    q.limit(),
                    "%" + RunTableQueries.likeEscape(text) + "%",
                    text,
                    q.limit());
        }
        return new SearchQuery.Result(List.copyOf(hits.values()));
    }

    private void add(Map<String, SearchQuery.Hit> hits, String sql, String how, int limit, Object... args) {
        jdbc.query(
                sql,
                rs -> {
                    if (hits.size() < limit) {
                        hits.putIfAbsent(
                                rs.getString("id"),
                                new SearchQuery.Hit(
                                        NodeId.parse(rs.getString("id")),
                                        NodeKind.valueOf(rs.getString("kind")),
                                        rs.getString("label"),
                                        how,
                                        rs.getTimestamp("recorded_at").toInstant()));
                    }
                },
                args);
    }
}
