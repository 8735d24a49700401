package dev.provenant.api.artifacts;

import dev.provenant.api.home.ProvenantHome;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's artifact store, chosen like every Provenant process chooses it: S3 when {@code
 * PROVENANT_S3_ENDPOINT} is set, otherwise the local store under {@code PROVENANT_HOME/artifacts}.
 */
@Configuration(proxyBeanMethods = false)
public class ArtifactStoreConfig {

    @Bean(destroyMethod = "close")
    ArtifactStore artifactStore(ProvenantHome home) {
        return ArtifactStores.fromEnvironment(home.root(), ArtifactStores.processEnvironment());
    }
}
