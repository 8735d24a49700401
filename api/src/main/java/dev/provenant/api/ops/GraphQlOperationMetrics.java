package dev.provenant.api.ops;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Times every GraphQL operation as {@code provenant.graphql.operations} tagged with its type and the
 * schema fields it asked for at the top ({@code operation="mutation startRun"}, at most three,
 * sorted) and its outcome ({@code ok} or {@code error}). The fields are taken after validation, so a
 * client cannot invent tag values: they are names from the schema. The same summary goes into the
 * request log.
 */
@Component
public class GraphQlOperationMetrics extends SimplePerformantInstrumentation {

    /** GraphQL context key of the request's {@link RequestLogFilter.Entry}. */
    public static final String LOG_ENTRY_KEY = "provenant.requestLog";

    private final MeterRegistry registry;

    public GraphQlOperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext ctx = parameters.getExecutionContext();
        String operation = summary(ctx.getOperationDefinition());
        RequestLogFilter.Entry entry = ctx.getGraphQLContext().get(LOG_ENTRY_KEY);
        if (entry != null) {
            entry.operation(operation);
        }
        Timer.Sample sample = Timer.start(registry);
        return SimpleInstrumentationContext.whenCompleted((result, error) -> sample.stop(Timer.builder(
                        "provenant.graphql.operations")
                .description("GraphQL operations by type and top-level fields")
                .tag("operation", operation)
                .tag(
                        "outcome",
                        error == null && (result == null || result.getErrors().isEmpty()) ? "ok" : "error")
                .register(registry)));
    }

    /** {@code query lineage,runs} — the operation type and up to three top-level field names. */
    static String summary(OperationDefinition op) {
        TreeSet<String> fields = new TreeSet<>();
        for (Selection<?> s : op.getSelectionSet().getSelections()) {
            if (s instanceof Field f) {
                fields.add(f.getName());
            }
        }
        String names = String.join(",", fields.stream().limit(3).toList()) + (fields.size() > 3 ? ",…" : "");
        return op.getOperation().name().toLowerCase(Locale.ROOT) + " " + (names.isEmpty() ? "-" : names);
    }
}
