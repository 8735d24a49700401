package dev.provenant.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Provenant service: GraphQL API, OpenLineage endpoint, projections, on PostgreSQL. Its
 * settings are the {@code @ConfigurationProperties} records under {@code dev.provenant} (listed in
 * docs/configuration.md).
 */
@SpringBootApplication(scanBasePackages = "dev.provenant")
@ConfigurationPropertiesScan("dev.provenant")
public class ProvenantApplication {

    static {
        // Axon's update checker phones home; this machine (and many production networks) has no
        // route out, and a lineage service should not report its use anywhere.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(ProvenantApplication.class, args);
    }
}
