package dev.provenant.api.graphql.runtime;

import dev.provenant.api.config.GraphQlLimitsProperties;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.language.Field;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on what one GraphQL request may ask: depth, complexity (fields weighted by nesting),
 * aliases. Parser limits (tokens) are graphql-java's own; the body size is bounded by the
 * bearer-token filter.
 */
@Configuration(proxyBeanMethods = false)
public class QueryLimitsConfig {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(GraphQlLimitsProperties limits) {
        return new MaxQueryDepthInstrumentation(limits.maxDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(GraphQlLimitsProperties limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxComplexity());
    }

    @Bean
    MaxAliasesInstrumentation maxAliases(GraphQlLimitsProperties limits) {
        return new MaxAliasesInstrumentation(limits.maxAliases());
    }

    /** Refuses documents with more than {@code max} aliased fields (alias-amplification attacks). */
    public static final class MaxAliasesInstrumentation extends SimplePerformantInstrumentation {
        private final int max;

        MaxAliasesInstrumentation(int max) {
            this.max = max;
        }

        @Override
        public graphql.execution.instrumentation.InstrumentationContext<
                        java.util.List<graphql.validation.ValidationError>>
                beginValidation(
                        graphql.execution.instrumentation.parameters.InstrumentationValidationParameters parameters,
                        InstrumentationState state) {
            AtomicInteger aliases = new AtomicInteger();
            new NodeTraverser()
                    .depthFirst(
                            new NodeVisitorStub() {
                                @Override
                                public TraversalControl visitField(
                                        Field node, TraverserContext<graphql.language.Node> context) {
                                    if (node.getAlias() != null) {
                                        aliases.incrementAndGet();
                                    }
                                    return TraversalControl.CONTINUE;
                                }
                            },
                            parameters.getDocument());
            if (aliases.get() > max) {
                throw new AbortExecutionException("query has " + aliases.get() + " aliases; at most " + max
                        + " are allowed (provenant.graphql.max-aliases)");
            }
            return SimpleInstrumentationContext.noOp();
        }
    }
}
