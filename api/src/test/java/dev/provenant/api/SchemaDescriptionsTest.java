package dev.provenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every argument of every field in the schema files says what it is (the API is its own reference). */
class SchemaDescriptionsTest {

    @Test
    void everyArgumentHasADescription() throws IOException {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/graphql"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".graphqls"))
                    .sorted()
                    .toList()) {
                registry.merge(new SchemaParser().parse(Files.readString(p)));
            }
        }
        List<ObjectTypeDefinition> types = new ArrayList<>();
        registry.types().values().stream()
                .filter(ObjectTypeDefinition.class::isInstance)
                .map(ObjectTypeDefinition.class::cast)
                .forEach(types::add);
        registry.objectTypeExtensions().values().forEach(types::addAll);
        List<String> undescribed = new ArrayList<>();
        for (ObjectTypeDefinition type : types) {
            for (FieldDefinition field : type.getFieldDefinitions()) {
                for (InputValueDefinition arg : field.getInputValueDefinitions()) {
                    if (arg.getDescription() == null
                            || arg.getDescription().getContent().isBlank()) {
                        undescribed.add(type.getName() + "." + field.getName() + "(" + arg.getName() + ")");
                    }
                }
            }
        }
        assertThat(undescribed).as("arguments without a description").isEmpty();
    }
}
