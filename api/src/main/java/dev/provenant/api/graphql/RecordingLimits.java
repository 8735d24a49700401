package dev.provenant.api.graphql;

import org.springframework.beans.factory.annotation.Value;
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

    public RecordingLimits(
            @Value("${provenant.limits.max-inputs-per-run:10000}") int maxInputs,
            @Value("${provenant.limits.max-outputs-per-run:10000}") int maxOutputs,
            @Value("${provenant.limits.max-parameters-per-run:1000}") int maxParameters,
            @Value("${provenant.limits.max-metrics-per-run:10000}") int maxMetrics,
            @Value("${provenant.limits.max-datasets-per-openlineage-event:1000}") int maxDatasetsPerEvent,
            @Value("${provenant.limits.max-metric-points-per-request:10000}") int maxMetricPointsPerRequest,
            @Value("${provenant.limits.max-metric-points-per-run:1000000}") int maxMetricPointsPerRun) {
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
