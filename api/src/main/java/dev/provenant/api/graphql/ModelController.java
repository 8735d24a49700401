package dev.provenant.api.graphql;

import static dev.provenant.messages.common.Ids.text;

import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.model.CountModelVersionsQuery;
import dev.provenant.messages.model.FindModelVersionQuery;
import dev.provenant.messages.model.ListModelVersionsQuery;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionPage;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.model.TransitionModelStageCommand;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** Model versions: register from a run output, move through stages, look up, list. */
@Controller
public class ModelController {

    private final CommandSender commands;
    private final QueryGateway queries;

    public ModelController(CommandSender commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** GraphQL {@code RegisterModelVersionInput}. */
    public record RegisterModelVersionInput(
            String name, String version, String runId, String outputName, String description) {}

    /** GraphQL {@code TransitionModelStageInput}. */
    public record TransitionModelStageInput(
            String id, ModelStage to, String reason, String idempotencyKey, Long expectedVersion) {}

    /** GraphQL {@code ModelVersionPayload}. */
    public record ModelVersionPayload(
            ModelVersionView modelVersion, List<UserError> errors, String id, boolean readModelBehind) {
        ModelVersionPayload(ModelVersionView modelVersion, List<UserError> errors) {
            this(
                    modelVersion,
                    errors,
                    modelVersion == null ? null : modelVersion.id().toString(),
                    false);
        }

        static ModelVersionPayload error(UserError e) {
            return new ModelVersionPayload(null, List.of(e));
        }
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public ModelVersionPayload registerModelVersion(
            @Argument RegisterModelVersionInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        ModelVersionId id;
        RunId runId;
        try {
            id = new ModelVersionId(input.name(), input.version());
            runId = RunId.parse(input.runId());
        } catch (IllegalArgumentException e) {
            return ModelVersionPayload.error(
                    new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), UserError.fieldOf(e)));
        }
        Optional<RunView> run = queries.query(new FindRunQuery(runId), ResponseTypes.optionalInstanceOf(RunView.class))
                .join();
        if (run.isEmpty()) {
            return ModelVersionPayload.error(
                    new UserError(ErrorCode.NOT_FOUND, "Run '" + runId + "' not found.", "runId"));
        }
        Optional<RunOutput> output = run.get().outputs().stream()
                .filter(o -> o.name().equals(input.outputName()))
                .findFirst();
        if (output.isEmpty()) {
            return ModelVersionPayload.error(new UserError(
                    ErrorCode.NOT_FOUND,
                    "Run '" + runId + "' has no output named '" + input.outputName() + "' (it has: "
                            + run.get().outputs().stream().map(RunOutput::name).toList() + ")",
                    "outputName"));
        }
        RegisterModelVersionCommand command;
        try {
            command = new RegisterModelVersionCommand(
                    id,
                    id.name(),
                    id.version(),
                    runId,
                    input.outputName(),
                    output.get().digest(),
                    output.get().sizeBytes(),
                    input.description());
        } catch (IllegalArgumentException e) {
            return ModelVersionPayload.error(
                    new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), UserError.fieldOf(e)));
        }
        return send(command, id.toString(), principal, m -> true);
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public ModelVersionPayload transitionModelStage(
            @Argument TransitionModelStageInput input,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        TransitionModelStageCommand command;
        try {
            command = new TransitionModelStageCommand(
                    ModelVersionId.parse(input.id()),
                    input.to(),
                    input.reason(),
                    input.idempotencyKey(),
                    input.expectedVersion());
        } catch (IllegalArgumentException e) {
            return ModelVersionPayload.error(
                    new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), UserError.fieldOf(e)));
        }
        Optional<ModelVersionView> before = find(command.modelVersionId(), null);
        if (before.isEmpty()) {
            return ModelVersionPayload.error(new UserError(
                    ErrorCode.NOT_FOUND, "Model version '" + command.modelVersionId() + "' not found.", "id"));
        }
        int transitionsBefore = before.get().transitions().size();
        return send(
                command,
                text(command.modelVersionId()),
                principal,
                m -> m.transitions().size() > transitionsBefore || input.idempotencyKey() != null);
    }

    private ModelVersionPayload send(Object command, String id, String principal, Predicate<ModelVersionView> visible) {
        CommandSender.Outcome<Object> outcome = commands.send(command, principal);
        if (outcome.failed()) {
            return ModelVersionPayload.error(outcome.error());
        }
        Optional<ModelVersionView> view = ReadModelWait.until(
                () -> find(ModelVersionId.parse(id), null).filter(visible), ReadModelWait.DEFAULT_BOUND);
        // the command committed: acknowledged means recorded, even when the read model lags
        return view.map(v -> new ModelVersionPayload(v, List.of()))
                .orElseGet(() -> new ModelVersionPayload(null, List.of(), id, true));
    }

    @QueryMapping
    public ModelVersionView modelVersion(@Argument String id, @Argument Instant asOf) {
        return find(ModelVersionId.parse(id), asOf).orElse(null);
    }

    @QueryMapping
    public Pages.Connection<ModelVersionView> modelVersions(
            @Argument Integer first, @Argument String after, @Argument String name, @Argument ModelStage stage) {
        ModelVersionPage page = queries.query(
                        new ListModelVersionsQuery(Cursors.position(after), Pages.limit(first), name, stage),
                        ModelVersionPage.class)
                .join();
        return Pages.of(
                page.items(),
                page.hasMore(),
                ModelVersionView::eventPosition,
                after,
                () -> queries.query(new CountModelVersionsQuery(name, stage), Long.class)
                        .join());
    }

    private Optional<ModelVersionView> find(ModelVersionId id, Instant asOf) {
        return queries.query(
                        new FindModelVersionQuery(id, asOf), ResponseTypes.optionalInstanceOf(ModelVersionView.class))
                .join();
    }
}
