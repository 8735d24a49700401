package dev.provenant.lineage.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No silent skips. Axon's default is to log an event a projection cannot apply and move on, which
 * leaves the read model disagreeing with the event store forever. Here a failing projection
 * handler propagates: its streaming processor rolls the batch back and stops at that event,
 * retrying with back-off, while every other processing group goes on. The failure names the event
 * ({@link ProjectionFailure}: global index, type, reason), the health endpoint reports the
 * processor DOWN with it, and an admin's {@code retryProcessor} retries at once after a fix.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionErrorsConfig {

    private static final Logger log = LoggerFactory.getLogger(ProjectionErrorsConfig.class);

    /** A projection could not apply one event; the processor stops there until it can. */
    public static final class ProjectionFailure extends RuntimeException {
        private final long globalIndex;
        private final String eventType;

        ProjectionFailure(long globalIndex, String eventType, Throwable cause) {
            super(
                    "cannot apply event #" + globalIndex + " (" + eventType + "): "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    cause);
            this.globalIndex = globalIndex;
            this.eventType = eventType;
        }

        public long globalIndex() {
            return globalIndex;
        }

        public String eventType() {
            return eventType;
        }
    }

    /**
     * The failure each processor is stopped on, until it applies that event. (A pooled processor
     * releases a failed segment and claims it again after a back-off, so its own status does not
     * keep the error; this does.)
     */
    public static final class ProjectionFailures {
        private final Map<String, ProjectionFailure> current = new ConcurrentHashMap<>();

        public Optional<ProjectionFailure> of(String processor) {
            return Optional.ofNullable(current.get(processor));
        }

        void failed(String processor, ProjectionFailure failure) {
            current.put(processor, failure);
        }

        /**
         * A failure found outside the event's handler — a projection that writes its batch's rows
         * when the batch commits — recorded as if the handler had thrown it; throw what it returns.
         */
        public ProjectionFailure failedAt(String processor, long globalIndex, String eventType, Throwable cause) {
            ProjectionFailure failure = new ProjectionFailure(globalIndex, eventType, cause);
            log.error("processor '{}' stopped: {}", processor, failure.getMessage());
            failed(processor, failure);
            return failure;
        }

        void applied(String processor, long globalIndex) {
            ProjectionFailure f = current.get(processor);
            if (f != null && (globalIndex < 0 || globalIndex >= f.globalIndex())) {
                current.remove(processor, f);
                log.info("processor '{}' applied event #{} and goes on", processor, globalIndex);
            }
        }
    }

    @Bean
    ProjectionFailures projectionFailures() {
        return new ProjectionFailures();
    }

    @Bean
    ConfigurerModule projectionErrorsPropagate(ProjectionFailures failures) {
        return configurer -> configurer.eventProcessing(processing -> {
            processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            processing.registerDefaultHandlerInterceptor((c, processorName) -> nameTheEvent(processorName, failures));
        });
    }

    private static MessageHandlerInterceptor<? super EventMessage<?>> nameTheEvent(
            String processorName, ProjectionFailures failures) {
        return (unitOfWork, chain) -> {
            EventMessage<?> event = unitOfWork.getMessage();
            long index = event instanceof TrackedEventMessage<?> tracked ? globalIndex(tracked.trackingToken()) : -1;
            try {
                Object result = chain.proceed();
                if (failures.of(processorName).isPresent()) {
                    // applied once its batch commits: a projection may write the batch's rows only then
                    unitOfWork.root().afterCommit(u -> failures.applied(processorName, index));
                }
                return result;
            } catch (ProjectionFailure already) {
                failures.failed(processorName, already);
                throw already;
            } catch (Exception e) {
                ProjectionFailure failure =
                        new ProjectionFailure(index, event.getPayloadType().getSimpleName(), e);
                log.error("processor '{}' stopped: {}", processorName, failure.getMessage());
                failures.failed(processorName, failure);
                throw failure;
            }
        };
    }

    /** The global index of the event a token points at (any token kind Axon's JDBC engine uses). */
    static long globalIndex(TrackingToken token) {
        TrackingToken t = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        if (t instanceof GlobalSequenceTrackingToken g) {
            return g.getGlobalIndex();
        }
        return t == null ? -1 : t.position().orElse(-1);
    }
}
