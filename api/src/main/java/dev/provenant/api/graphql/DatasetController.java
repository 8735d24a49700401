package dev.provenant.api.graphql;

import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.CountDatasetVersionsQuery;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionPage;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.dataset.ListDatasetVersionsQuery;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** Dataset versions: register, look up, list. */
@Controller
public class DatasetController {

    private final CommandSender commands;
    private final QueryGateway queries;

    public DatasetController(CommandSender commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** GraphQL input of {@code registerDatasetVersion}. */
    public record RegisterDatasetVersionInput(
            String name,
            String version,
            String contentDigest,
            Long sizeBytes,
            String sourceUri,
            String description,
            String schema) {}

    /** GraphQL payload of {@code registerDatasetVersion}. */
    public record RegisterDatasetVersionPayload(
            DatasetVersionView datasetVersion, List<UserError> errors, String id, boolean readModelBehind) {
        RegisterDatasetVersionPayload(DatasetVersionView datasetVersion, List<UserError> errors) {
            this(
                    datasetVersion,
                    errors,
                    datasetVersion == null ? null : datasetVersion.id().toString(),
                    false);
        }

        static RegisterDatasetVersionPayload error(UserError e) {
            return new RegisterDatasetVersionPayload(null, List.of(e));
        }
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RegisterDatasetVersionPayload registerDatasetVersion(
            @Argument RegisterDatasetVersionInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        RegisterDatasetVersionCommand command;
        try {
            command = RegisterDatasetVersionCommand.of(
                    new DatasetVersionId(input.name(), input.version()),
                    Sha256Digest.parse(input.contentDigest(), "contentDigest"),
                    input.sizeBytes(),
                    input.sourceUri(),
                    input.description(),
                    input.schema());
        } catch (IllegalArgumentException e) {
            return RegisterDatasetVersionPayload.error(
                    new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), fieldOf(e)));
        }
        CommandSender.Outcome<String> outcome = commands.send(command, principal);
        if (outcome.failed()) {
            return RegisterDatasetVersionPayload.error(outcome.error());
        }
        Optional<DatasetVersionView> view =
                ReadModelWait.until(() -> find(DatasetVersionId.parse(outcome.result())), ReadModelWait.DEFAULT_BOUND);
        // the command committed: acknowledged means recorded, even when the read model lags
        return view.map(v -> new RegisterDatasetVersionPayload(v, List.of()))
                .orElseGet(() -> new RegisterDatasetVersionPayload(null, List.of(), outcome.result(), true));
    }

    @QueryMapping
    public DatasetVersionView datasetVersion(@Argument String id) {
        return find(DatasetVersionId.parse(id)).orElse(null);
    }

    @QueryMapping
    public Pages.Connection<DatasetVersionView> datasetVersions(
            @Argument Integer first, @Argument String after, @Argument String name) {
        DatasetVersionPage page = queries.query(
                        new ListDatasetVersionsQuery(Cursors.position(after), Pages.limit(first), name),
                        DatasetVersionPage.class)
                .join();
        return Pages.of(
                page.items(),
                page.hasMore(),
                DatasetVersionView::eventPosition,
                after,
                () -> queries.query(new CountDatasetVersionsQuery(name), Long.class)
                        .join());
    }

    private Optional<DatasetVersionView> find(DatasetVersionId id) {
        return queries.query(
                        new FindDatasetVersionQuery(id), ResponseTypes.optionalInstanceOf(DatasetVersionView.class))
                .join();
    }

    private static String fieldOf(IllegalArgumentException e) {
        if (e instanceof dev.provenant.messages.common.InvalidTextException) {
            return UserError.fieldOf(e);
        }
        String m = e.getMessage();
        if (m.startsWith("dataset name")) {
            return "name";
        }
        if (m.startsWith("dataset version")) {
            return "version";
        }
        if (m.startsWith("contentDigest")) {
            return "contentDigest";
        }
        if (m.startsWith("sizeBytes")) {
            return "sizeBytes";
        }
        return null;
    }
}
