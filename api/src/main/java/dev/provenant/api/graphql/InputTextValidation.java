package dev.provenant.api.graphql;

import dev.provenant.messages.common.InvalidTextException;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.run.StartRunCommand;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every string argument of every root field (query, mutation, subscription) is checked against
 * {@link TextRules} before its data fetcher runs, so a mutation that would store something the
 * read models cannot hold (U+0000, other control characters, unpaired surrogates, over-long
 * names) sends no command. The check walks the <em>coerced</em> arguments (literals and variables
 * alike) through input objects and lists, guided by the schema, so a new mutation is covered
 * without code here.
 *
 * <p>A violation is an {@link InvalidTextException} naming the argument path, e.g. {@code
 * input.parameters[0].value: contains control character U+0000 at position 3; remove it}, which
 * {@link GraphQlErrors} answers as a {@code BAD_REQUEST} error.
 *
 * <p>Every string is a name (no control characters, at most {@value TextRules#NAME_MAX}
 * characters) unless {@link #RULES} says otherwise: the free-text fields (tab, LF and CR allowed)
 * and the fields whose read-model column or index holds less.
 *
 * <p>Registered as a bean: Spring Boot's GraphQL auto-configuration adds every {@code
 * Instrumentation} bean to the GraphQL source.
 */
@Component
public class InputTextValidation extends SimplePerformantInstrumentation {

    /** How one input field or argument is checked. */
    public record Rule(boolean freeText, int maxLength) {}

    private static final Rule DEFAULT = new Rule(false, TextRules.NAME_MAX);

    /**
     * The one list of exceptions to the default, keyed by {@code InputType.field} (or {@code
     * Query.field.argument} / {@code Mutation.field.argument} for arguments of root fields). A rule
     * on a list field applies to each element.
     */
    public static final Map<String, Rule> RULES = Map.ofEntries(
            // free text: descriptions, schemas, reasons, messages, command arguments, parameter values
            free("RegisterDatasetVersionInput.description", 10_000),
            free("RegisterDatasetVersionInput.schema", 100_000),
            free("RegisterModelVersionInput.description", 10_000),
            free("TransitionModelStageInput.reason", 2_000),
            free("FinishRunInput.failureReason", Integer.MAX_VALUE), // the command keeps the first 10,000
            free("StartRunInput.command", StartRunCommand.MAX_ARGUMENT),
            free("KeyValueInput.value", StartRunCommand.MAX_PARAMETER_VALUE), // parameters and environment
            free("OutputDifferenceInput.detail", 65_536),
            free("MetricDifferenceInput.detail", 65_536),
            free("RecordReplayVerdictInput.environmentDrift", 65_536),
            // names whose column or index holds less than the default
            name("RegisterDatasetVersionInput.name", 200), // dataset_versions.name varchar(200)
            name("RegisterDatasetVersionInput.version", 200),
            name("RegisterDatasetVersionInput.sourceUri", 2048), // dataset_versions.source_uri varchar(2048)
            name("RegisterModelVersionInput.name", 200), // model_versions.name varchar(200)
            name("RegisterModelVersionInput.version", 200),
            name("StartRunInput.name", TextRules.RUN_NAME_MAX), // runs_name B-tree index
            name("TransitionModelStageInput.idempotencyKey", 200),
            name("MetricPointInput.name", dev.provenant.messages.run.MetricPoint.NAME_MAX), // run_metric_points.name
            name("RecordRunMetricSeriesInput.idempotencyKey", 200),
            name("CodeVersionInput.repository", 2048),
            name("CodeVersionInput.branch", 255),
            name("KeyValueInput.key", 256)); // environment property names

    /**
     * Fields of one input type whose lengths add up into an aggregate identifier (event store:
     * {@code aggregateidentifier varchar(255)}); reported on the last of them.
     */
    public static final Map<String, Combined> COMBINED = Map.of(
            "RegisterDatasetVersionInput",
            new Combined(
                    List.of("name", "version"),
                    RegisterDatasetVersionCommand.MAX_NAME_AND_VERSION,
                    "dataset:<name>@<version>"),
            "RegisterModelVersionInput",
            new Combined(
                    List.of("name", "version"),
                    RegisterModelVersionCommand.MAX_NAME_AND_VERSION,
                    "model:<name>@<version>"));

    /** Fields whose lengths together are bounded. */
    public record Combined(List<String> fields, int maxLength, String id) {}

    private static Map.Entry<String, Rule> free(String key, int max) {
        return Map.entry(key, new Rule(true, max));
    }

    private static Map.Entry<String, Rule> name(String key, int max) {
        return Map.entry(key, new Rule(false, max));
    }

    /** The rule for field {@code field} of input type (or root field) {@code owner}. */
    public static Rule ruleFor(String owner, String field) {
        return RULES.getOrDefault(owner + "." + field, DEFAULT);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        // Property fields (trivial fetchers: every field of a lineage answer's nodes and edges) are
        // never root fields with arguments, and asking them for their environment or step info
        // makes graphql-java build a DataFetchingEnvironment it otherwise skips: 10% of the request
        // threads' time for a 2,300-node lineage answer (docs/profiles/README.md).
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        DataFetchingEnvironment env = parameters.getEnvironment();
        if (!isRootField(env.getParentType(), env.getGraphQLSchema())
                || env.getFieldDefinition().getArguments().isEmpty()) {
            return dataFetcher;
        }
        return e -> {
            check(e);
            return dataFetcher.get(e);
        };
    }

    private static boolean isRootField(GraphQLType parent, GraphQLSchema schema) {
        return parent == schema.getQueryType()
                || parent == schema.getMutationType()
                || parent == schema.getSubscriptionType();
    }

    /** Checks every string in the coerced arguments of a root field; throws {@link InvalidTextException}. */
    static void check(DataFetchingEnvironment env) {
        String owner = ((GraphQLObjectType) env.getParentType()).getName() + "."
                + env.getFieldDefinition().getName();
        Map<String, Object> arguments = env.getArguments();
        for (GraphQLArgument argument : env.getFieldDefinition().getArguments()) {
            Object value = arguments.get(argument.getName());
            walk(argument.getType(), value, argument.getName(), ruleFor(owner, argument.getName()));
        }
    }

    private static void walk(GraphQLInputType type, Object value, String path, Rule rule) {
        if (value == null) {
            return;
        }
        GraphQLType t = GraphQLTypeUtil.unwrapNonNull(type);
        if (t instanceof GraphQLList list && value instanceof List<?> items) {
            GraphQLInputType element = (GraphQLInputType) list.getWrappedType();
            for (int i = 0; i < items.size(); i++) {
                walk(element, items.get(i), path + "[" + i + "]", rule);
            }
        } else if (t instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            for (GraphQLInputObjectField f : object.getFieldDefinitions()) {
                walk(
                        f.getType(),
                        fields.get(f.getName()),
                        path + "." + f.getName(),
                        ruleFor(object.getName(), f.getName()));
            }
            Combined combined = COMBINED.get(object.getName());
            if (combined != null) {
                checkCombined(combined, fields, path);
            }
        } else if (value instanceof String s) {
            TextRules.check(path, s, rule.maxLength(), rule.freeText());
        } else if (value instanceof List<?> items) {
            // a scalar whose values are lists or objects (none today, e.g. a JSON scalar): its strings too
            for (int i = 0; i < items.size(); i++) {
                walk(type, items.get(i), path + "[" + i + "]", rule);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                TextRules.check(path + " (a key)", key, TextRules.NAME_MAX, false);
                walk(type, e.getValue(), path + "." + key, rule);
            }
        }
    }

    private static void checkCombined(Combined combined, Map<?, ?> fields, String path) {
        int total = 0;
        for (String f : combined.fields()) {
            if (!(fields.get(f) instanceof String s)) {
                return;
            }
            total += s.codePointCount(0, s.length());
        }
        if (total > combined.maxLength()) {
            String last = combined.fields().get(combined.fields().size() - 1);
            throw new InvalidTextException(
                    path + "." + last,
                    String.join(" and ", combined.fields()) + " together are " + total + " characters long; at most "
                            + combined.maxLength() + " are allowed (" + combined.id() + " is at most "
                            + TextRules.AGGREGATE_ID_MAX + " characters)");
        }
    }
}
