package dev.provenant.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Provenant service: GraphQL API, OpenLineage endpoint, projections, on PostgreSQL. */
@SpringBootApplication(scanBasePackages = "dev.provenant")
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
