package dev.provenant.api.replay;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.api.graphql.UserError;
import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunView;
import java.time.Duration;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** {@code replayRun}, {@code cancelReplayJob} and {@code replayJob}. */
@Controller
public class ReplayController {

    private final ReplayJobs jobs;
    private final QueryGateway queries;
    private final ServerReplayPolicy policy;

    public ReplayController(ReplayJobs jobs, QueryGateway queries, ServerReplayPolicy policy) {
        this.jobs = jobs;
        this.queries = queries;
        this.policy = policy;
    }

    /** GraphQL {@code ReplayRunInput}. */
    public record ReplayRunInput(String runId, Boolean strictEnv, Integer timeoutSeconds) {}

    /** GraphQL {@code ReplayJobPayload}. */
    public record ReplayJobPayload(ReplayJobs.Job job, List<UserError> errors) {}

    @PreAuthorize("@serverReplayPolicy.permits(authentication)")
    @MutationMapping
    public ReplayJobPayload replayRun(
            @Argument ReplayRunInput input, @ContextValue(PrincipalGraphQlInterceptor.CALLER_KEY) Caller caller) {
        policy.requireEnabled();
        RunId runId;
        Duration timeout;
        try {
            runId = RunId.parse(input.runId());
            timeout = policy.timeout(input.timeoutSeconds());
        } catch (IllegalArgumentException e) {
            return new ReplayJobPayload(null, List.of(new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), "runId")));
        }
        boolean exists = queries.query(new FindRunQuery(runId), ResponseTypes.optionalInstanceOf(RunView.class))
                .join()
                .isPresent();
        if (!exists) {
            return new ReplayJobPayload(
                    null, List.of(new UserError(ErrorCode.NOT_FOUND, "Run '" + runId + "' not found.", "runId")));
        }
        return jobs.submit(runId.toString(), Boolean.TRUE.equals(input.strictEnv()), caller, timeout)
                .map(j -> new ReplayJobPayload(j, List.of()))
                .orElseGet(() -> new ReplayJobPayload(
                        null,
                        List.of(new UserError(
                                ErrorCode.BUSY,
                                "the replay queue is full (provenant.replay.queue-size); try again when jobs finish",
                                null))));
    }

    @PreAuthorize("@serverReplayPolicy.permits(authentication)")
    @MutationMapping
    public ReplayJobPayload cancelReplayJob(@Argument String id) {
        return jobs.cancel(id)
                .map(j -> new ReplayJobPayload(j, List.of()))
                .orElseGet(() -> new ReplayJobPayload(
                        null, List.of(new UserError(ErrorCode.NOT_FOUND, "replay job '" + id + "' not found", "id"))));
    }

    @QueryMapping
    public ReplayJobs.Job replayJob(@Argument String id) {
        return jobs.find(id).orElse(null);
    }
}
