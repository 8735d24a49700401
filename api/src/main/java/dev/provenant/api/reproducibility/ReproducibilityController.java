package dev.provenant.api.reproducibility;

import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.model.ModelVersionView;
import dev.provenant.messages.run.RunView;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code Run.reproducibility} and {@code ModelVersion.reproducibility}. */
@Controller
public class ReproducibilityController {

    private final ReproducibilityService service;

    public ReproducibilityController(ReproducibilityService service) {
        this.service = service;
    }

    @SchemaMapping(typeName = "Run", field = "reproducibility")
    public Reproducibility run(RunView run) {
        return service.of(NodeId.of(run.id()), null);
    }

    @SchemaMapping(typeName = "ModelVersion", field = "reproducibility")
    public Reproducibility model(ModelVersionView model) {
        return service.of(NodeId.of(model.id()), null);
    }
}
