package dev.provenant.api.graphql;

import dev.provenant.api.config.LimitsProperties;
import org.springframework.stereotype.Component;

/**
 * Caps on how much one run or one OpenLineage event may declare, so one client cannot flood the
 * event store and stall the projections for everyone (a 5,000-output event once held the lineage
 * processor two minutes behind). A request over a cap is refused as bad input naming the cap and the
 * setting that raises it; nothing is recorded.
 */
@Component
public class RecordingLimits {

    private final int maxInputs;
    private final int maxOutputs;
    private final int maxParameters;
    private final int maxMetrics;
    private final int maxDatasetsPerEvent;
    private final int maxMetricPointsPerRequest;
    private final int maxMetricPointsPerRun;

    public RecordingLimits(LimitsProperties limits) {
        int maxInputs = limits.maxInputsPerRun();
        int maxOutputs = limits.maxOutputsPerRun();
        int maxParameters = limits.maxParametersPerRun();
        int maxMetrics = limits.maxMetricsPerRun();
        int maxDatasetsPerEvent = limits.maxDatasetsPerOpenlineageEvent();
        int maxMetricPointsPerRequest = limits.maxMetricPointsPerRequest();
        int maxMetricPointsPerRun = limits.maxMetricPointsPerRun();
        this.maxInputs = maxInputs;
        this.maxOutputs = maxOutputs;
        this.maxParameters = maxParameters;
        this.maxMetrics = maxMetrics;
        this.maxDatasetsPerEvent = maxDatasetsPerEvent;
        this.maxMetricPointsPerRequest = maxMetricPointsPerRequest;
        this.maxMetricPointsPerRun = maxMetricPointsPerRun;
    }

    /** Points in one {@code recordRunMetricSeries} request. */
    public void metricPointsPerRequest(int count) {
        if (count > maxMetricPointsPerRequest) {
            throw new IllegalArgumentException("points: " + count + " is more than the " + maxMetricPointsPerRequest
                    + " one request may send (provenant.limits.max-metric-points-per-request); send them in batches");
        }
    }

    /** The cap on points one run may hold, checked by the run itself (it knows the exact count). */
    public int maxMetricPointsPerRun() {
        return maxMetricPointsPerRun;
    }

    public void inputs(int count) {
        check("inputs", count, maxInputs, "provenant.limits.max-inputs-per-run");
    }

    public void outputs(int count) {
        check("outputs", count, maxOutputs, "provenant.limits.max-outputs-per-run");
    }

    public void parameters(int count) {
        check("parameters", count, maxParameters, "provenant.limits.max-parameters-per-run");
    }

    public void metrics(int count) {
        check("metrics", count, maxMetrics, "provenant.limits.max-metrics-per-run");
    }

    public int maxDatasetsPerEvent() {
        return maxDatasetsPerEvent;
    }

    private static void check(String what, int count, int max, String setting) {
        if (count > max) {
            throw new IllegalArgumentException(
                    what + ": " + count + " is more than the " + max + " a run may have (" + setting + ")");
        }
    }
}
