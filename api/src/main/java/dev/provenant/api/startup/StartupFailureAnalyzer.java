package dev.provenant.api.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ProvenantStartupException} into Spring Boot's short "failed to start" report. */
public class StartupFailureAnalyzer extends AbstractFailureAnalyzer<ProvenantStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProvenantStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
