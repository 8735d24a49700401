package dev.provenant.api.graphql.runtime;

import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.run.RunView;
import graphql.schema.GraphQLObjectType;
import graphql.schema.TypeResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** Which GraphQL type a {@code Node} (Relay's interface) is, from the view that answers it. */
@Configuration(proxyBeanMethods = false)
public class NodeInterfaceConfig {

    static final TypeResolver NODE_TYPES = env -> {
        Object o = env.getObject();
        String type;
        if (o instanceof RunView) {
            type = "Run";
        } else if (o instanceof DatasetVersionView) {
            type = "DatasetVersion";
        } else if (o instanceof ModelVersionView) {
            type = "ModelVersion";
        } else if (o instanceof LineageGraph.Node) {
            type = "LineageNode";
        } else {
            throw new IllegalStateException("no Node type for " + (o == null ? null : o.getClass()));
        }
        return (GraphQLObjectType) env.getSchema().getType(type);
    };

    @Bean
    RuntimeWiringConfigurer nodeInterface() {
        return wiring -> wiring.type("Node", b -> b.typeResolver(NODE_TYPES));
    }
}
