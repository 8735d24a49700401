package dev.provenant.api.ops;

import dev.provenant.lineage.config.ProjectionErrorsConfig.ProjectionFailure;
import dev.provenant.lineage.config.ProjectionErrorsConfig.ProjectionFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;

/** The event processors (projections) of this instance, as operators need to see them. */
@Component
public class EventProcessors {

    /** One segment of a processor. */
    public record Segment(
            int segment, Long position, boolean caughtUp, boolean replaying, String error, Long errorEventIndex) {}

    /** One processor. */
    public record Processor(String name, boolean running, boolean error, List<Segment> segments) {}

    private final EventProcessingConfiguration processing;
    private final ProjectionFailures failures;

    public EventProcessors(EventProcessingConfiguration processing, ProjectionFailures failures) {
        this.processing = processing;
        this.failures = failures;
    }

    public List<Processor> all() {
        List<Processor> out = new ArrayList<>();
        processing.eventProcessors().values().forEach(p -> out.add(describe(p)));
        out.sort(java.util.Comparator.comparing(Processor::name));
        return out;
    }

    public Optional<Processor> find(String name) {
        return processing.eventProcessor(name).map(this::describe);
    }

    /** Restarts a processor now (after a fix), instead of waiting for its back-off. */
    public Optional<Processor> retry(String name) {
        Optional<EventProcessor> p = processing.eventProcessor(name);
        p.ifPresent(processor -> {
            processor.shutDown();
            processor.start();
        });
        return p.map(this::describe);
    }

    /**
     * Rebuilds a processor's read model from the event store: stops it, resets its tokens (its
     * reset handlers empty its tables) and starts it again; it then replays every event. Refused,
     * naming why, when the processor cannot be reset or another instance holds its segments.
     */
    public Optional<Processor> rebuild(String name) {
        Optional<EventProcessor> p = processing.eventProcessor(name);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        if (!(p.get() instanceof StreamingEventProcessor streaming) || !streaming.supportsReset()) {
            throw new IllegalArgumentException("processor '" + name + "' cannot be rebuilt (it supports no reset)");
        }
        streaming.shutDown();
        try {
            streaming.resetTokens();
        } catch (RuntimeException e) {
            // a refusal the caller can act on (BAD_REQUEST naming why), not an internal error
            throw new IllegalArgumentException(
                    "cannot rebuild '" + name + "': " + e.getMessage() + ". Another server instance may hold its"
                            + " segments: stop the other instances (or that processor on them) and try again",
                    e);
        } finally {
            streaming.start();
        }
        return p.map(this::describe);
    }

    private Processor describe(EventProcessor p) {
        List<Segment> segments = new ArrayList<>();
        boolean error = false;
        if (p instanceof StreamingEventProcessor streaming) {
            for (EventTrackerStatus s : streaming.processingStatus().values()) {
                Throwable e = s.getError();
                ProjectionFailure failure = failure(e);
                error |= s.isErrorState();
                segments.add(new Segment(
                        s.getSegment().getSegmentId(),
                        s.getCurrentPosition().isPresent()
                                ? s.getCurrentPosition().getAsLong()
                                : null,
                        s.isCaughtUp(),
                        s.isReplaying(),
                        e == null ? null : (failure != null ? failure.getMessage() : String.valueOf(e.getMessage())),
                        failure == null ? null : failure.globalIndex()));
            }
            segments.sort(java.util.Comparator.comparingInt(Segment::segment));
        }
        Optional<ProjectionFailure> stuck = failures.of(p.getName());
        if (stuck.isPresent() && segments.stream().noneMatch(s -> s.error() != null)) {
            // a pooled processor releases a failed segment between attempts: report the failure anyway
            segments.add(new Segment(
                    -1,
                    null,
                    false,
                    false,
                    stuck.get().getMessage(),
                    stuck.get().globalIndex()));
        }
        return new Processor(p.getName(), p.isRunning(), error || p.isError() || stuck.isPresent(), segments);
    }

    private static ProjectionFailure failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProjectionFailure f) {
                return f;
            }
        }
        return null;
    }
}
