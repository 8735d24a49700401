package dev.provenant.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can reach a Docker engine; asked once per JVM. */
final class DockerSupport {

    private static volatile Boolean available;

    private DockerSupport() {}

    static boolean dockerAvailable() {
        Boolean a = available;
        if (a == null) {
            if ("false".equalsIgnoreCase(System.getenv("PROVENANT_TEST_DOCKER"))) {
                a = false;
            } else {
                try {
                    a = DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable t) {
                    a = false;
                }
            }
            available = a;
        }
        return a;
    }
}
