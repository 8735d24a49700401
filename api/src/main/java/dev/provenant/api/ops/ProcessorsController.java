package dev.provenant.api.ops;

import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** {@code processors} and {@code retryProcessor}. */
@Controller
public class ProcessorsController {

    private final EventProcessors processors;

    public ProcessorsController(EventProcessors processors) {
        this.processors = processors;
    }

    @QueryMapping
    public List<EventProcessors.Processor> processors() {
        return processors.all();
    }

    @PreAuthorize("hasRole('ADMIN')")
    @MutationMapping
    public EventProcessors.Processor retryProcessor(@Argument String name) {
        return processors
                .retry(name)
                .orElseThrow(() -> new IllegalArgumentException("no processor named '" + name + "'; the processors are "
                        + processors.all().stream()
                                .map(EventProcessors.Processor::name)
                                .toList()));
    }

    @PreAuthorize("hasRole('ADMIN')")
    @MutationMapping
    public EventProcessors.Processor rebuildProcessor(@Argument String name) {
        return processors
                .rebuild(name)
                .orElseThrow(() -> new IllegalArgumentException("no processor named '" + name + "'; the processors are "
                        + processors.all().stream()
                                .map(EventProcessors.Processor::name)
                                .toList()));
    }
}
