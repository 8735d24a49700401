package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one request or one run may record ({@code provenant.limits.*}); over a limit, the
 * request is refused with {@code LIMIT_EXCEEDED} naming the setting, and nothing is recorded.
 *
 * @param maxInputsPerRun inputs of one run
 * @param maxOutputsPerRun outputs of one run
 * @param maxParametersPerRun parameters of one run
 * @param maxMetricsPerRun final metrics of one run
 * @param maxDatasetsPerOpenlineageEvent datasets (inputs and outputs) of one OpenLineage event
 * @param maxMetricPointsPerRequest metric points in one {@code recordRunMetricSeries}
 * @param maxMetricPointsPerRun metric points of one run in all
 */
@ConfigurationProperties(prefix = "provenant.limits")
public record LimitsProperties(
        @DefaultValue("10000") int maxInputsPerRun,
        @DefaultValue("10000") int maxOutputsPerRun,
        @DefaultValue("1000") int maxParametersPerRun,
        @DefaultValue("10000") int maxMetricsPerRun,
        @DefaultValue("1000") int maxDatasetsPerOpenlineageEvent,
        @DefaultValue("10000") int maxMetricPointsPerRequest,
        @DefaultValue("1000000") int maxMetricPointsPerRun) {

    public LimitsProperties {
        positive("max-inputs-per-run", maxInputsPerRun);
        positive("max-outputs-per-run", maxOutputsPerRun);
        positive("max-parameters-per-run", maxParametersPerRun);
        positive("max-metrics-per-run", maxMetricsPerRun);
        positive("max-datasets-per-openlineage-event", maxDatasetsPerOpenlineageEvent);
        positive("max-metric-points-per-request", maxMetricPointsPerRequest);
        positive("max-metric-points-per-run", maxMetricPointsPerRun);
    }

    private static void positive(String name, long value) {
        Settings.atLeast("provenant.limits." + name, value, 1);
    }
}
