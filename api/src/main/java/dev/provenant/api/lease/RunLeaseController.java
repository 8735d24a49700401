package dev.provenant.api.lease;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.api.auth.Role;
import dev.provenant.api.graphql.UserError;
import dev.provenant.lineage.run.lease.RunLeases;
import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunStatus;
import dev.provenant.messages.run.RunView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** {@code renewRunLease}: a recorder's heartbeat for the run it records. */
@Controller
public class RunLeaseController {

    /** GraphQL {@code RunLeasePayload}. */
    public record RunLeasePayload(
            String runId, RunStatus status, Instant expiresAt, Long leaseSeconds, List<UserError> errors) {
        static RunLeasePayload error(String runId, UserError e) {
            return new RunLeasePayload(runId, null, null, null, List.of(e));
        }
    }

    private final RunLeases leases;
    private final RunLeaseSettings settings;
    private final QueryGateway queries;

    public RunLeaseController(RunLeases leases, RunLeaseSettings settings, QueryGateway queries) {
        this.leases = leases;
        this.settings = settings;
        this.queries = queries;
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public RunLeasePayload renewRunLease(
            @Argument String runId, @ContextValue(PrincipalGraphQlInterceptor.CALLER_KEY) Caller caller) {
        String id;
        try {
            id = RunId.parse(runId).toString();
        } catch (IllegalArgumentException e) {
            return RunLeasePayload.error(runId, new UserError(ErrorCode.INVALID_INPUT, e.getMessage(), "runId"));
        }
        Optional<RunView> run = queries.query(
                        new FindRunQuery(RunId.parse(id)), ResponseTypes.optionalInstanceOf(RunView.class))
                .join();
        if (run.isEmpty()) {
            // started a moment ago and not yet in the read model: the lease startRun took holds
            return leases.find(id)
                    .map(l -> new RunLeasePayload(
                            id, RunStatus.RUNNING, l.expiresAt(), l.leaseSeconds(), List.<UserError>of()))
                    .orElseGet(() -> RunLeasePayload.error(
                            id, new UserError(ErrorCode.NOT_FOUND, "Run '" + id + "' not found.", "runId")));
        }
        RunView view = run.get();
        if (caller.role() != Role.ADMIN && !caller.principal().equals(view.startedBy())) {
            return RunLeasePayload.error(
                    id,
                    new UserError(
                            ErrorCode.FORBIDDEN,
                            "Run '" + id + "' was started by '" + view.startedBy() + "'; only that principal (or"
                                    + " an admin) may renew its lease",
                            "runId"));
        }
        if (view.status() != RunStatus.RUNNING) {
            return new RunLeasePayload(id, view.status(), null, settings.lease().toSeconds(), List.of());
        }
        RunLeases.Lease lease = leases.renew(id, caller.principal(), settings.lease());
        return new RunLeasePayload(id, RunStatus.RUNNING, lease.expiresAt(), lease.leaseSeconds(), List.of());
    }
}
