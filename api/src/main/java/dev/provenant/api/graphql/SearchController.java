package dev.provenant.api.graphql;

import dev.provenant.messages.lineage.SearchQuery;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code search}: nodes by name, id prefix or digest prefix. */
@Controller
public class SearchController {

    private final QueryGateway queries;

    public SearchController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    public List<SearchQuery.Hit> search(@Argument String text, @Argument Integer first) {
        int limit = first == null ? 20 : first;
        return queries.query(new SearchQuery(text, limit), SearchQuery.Result.class)
                .join()
                .hits();
    }
}
