package dev.provenant.api.graphql.runtime;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.run.RunId;
import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The {@code Long} and {@code DateTime} scalars, and {@code ID} taught to write the typed ids and
 * digests the read models carry ({@code RunId}, {@code DatasetVersionId}, {@code ModelVersionId},
 * {@code Sha256Digest}, {@code NodeId}) as their text; everything else about {@code ID} is the
 * standard scalar's.
 */
@Configuration(proxyBeanMethods = false)
public class ScalarsConfig {

    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar()
            .name("Long")
            .description("64-bit integer")
            .coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object v, GraphQLContext ctx, Locale locale) {
                    if (v instanceof Number n) {
                        return n.longValue();
                    }
                    throw new CoercingSerializeException("not a Long: " + v);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext ctx, Locale locale) {
                    if (input instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                        return n.longValue();
                    }
                    if (input instanceof String s) {
                        try {
                            return Long.parseLong(s);
                        } catch (NumberFormatException e) {
                            throw new CoercingParseValueException("expected a 64-bit integer, got '" + s + "'");
                        }
                    }
                    throw new CoercingParseValueException("expected a 64-bit integer, got " + input);
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables vars, GraphQLContext ctx, Locale locale) {
                    if (input instanceof IntValue i) {
                        try {
                            return i.getValue().longValueExact();
                        } catch (ArithmeticException e) {
                            throw new CoercingParseLiteralException("integer out of 64-bit range: " + i.getValue());
                        }
                    }
                    if (input instanceof StringValue s) {
                        return parseValue(s.getValue(), ctx, locale);
                    }
                    throw new CoercingParseLiteralException("expected a 64-bit integer literal");
                }
            })
            .build();

    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
            .name("DateTime")
            .description("ISO-8601 instant")
            .coercing(new Coercing<Instant, String>() {
                @Override
                public String serialize(Object v, GraphQLContext ctx, Locale locale) {
                    if (v instanceof Instant i) {
                        return i.toString();
                    }
                    throw new CoercingSerializeException("not an Instant: " + v);
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext ctx, Locale locale) {
                    if (input instanceof String s) {
                        return parse(s);
                    }
                    throw new CoercingParseValueException("expected an ISO-8601 instant string, got " + input);
                }

                @Override
                public Instant parseLiteral(Value<?> input, CoercedVariables vars, GraphQLContext ctx, Locale locale) {
                    if (input instanceof StringValue s) {
                        try {
                            return parse(s.getValue());
                        } catch (CoercingParseValueException e) {
                            throw new CoercingParseLiteralException(e.getMessage());
                        }
                    }
                    throw new CoercingParseLiteralException("expected an ISO-8601 instant string");
                }

                private Instant parse(String s) {
                    try {
                        return OffsetDateTime.parse(s).toInstant();
                    } catch (DateTimeParseException e) {
                        throw new CoercingParseValueException(
                                "'" + s + "' is not an ISO-8601 instant like 2026-01-05T10:00:00Z");
                    }
                }
            })
            .build();

    static final GraphQLScalarType ID = GraphQLScalarType.newScalar(Scalars.GraphQLID)
            .coercing(new TypedIdCoercing())
            .build();

    /** {@code ID}: a typed id or digest is written as its text; the rest is the standard coercing. */
    static final class TypedIdCoercing implements Coercing<Object, Object> {

        @SuppressWarnings("unchecked")
        private final Coercing<Object, Object> standard = (Coercing<Object, Object>) Scalars.GraphQLID.getCoercing();

        @Override
        public Object serialize(Object v, GraphQLContext ctx, Locale locale) {
            if (v instanceof RunId
                    || v instanceof DatasetVersionId
                    || v instanceof ModelVersionId
                    || v instanceof Sha256Digest) {
                return v.toString();
            }
            if (v instanceof NodeId n) {
                return n.value();
            }
            return standard.serialize(v, ctx, locale);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext ctx, Locale locale) {
            return standard.parseValue(input, ctx, locale);
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext ctx, Locale locale) {
            return standard.parseLiteral(input, variables, ctx, locale);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext ctx, Locale locale) {
            return standard.valueToLiteral(input, ctx, locale);
        }
    }

    @Bean
    RuntimeWiringConfigurer provenantScalars() {
        // replacing a built-in scalar is refused in strict mode: lift it for that one call only
        return wiring -> wiring.scalar(LONG)
                .scalar(DATE_TIME)
                .strictMode(false)
                .scalar(ID)
                .strictMode(true);
    }
}
