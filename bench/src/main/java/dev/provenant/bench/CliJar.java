package dev.provenant.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI jar the CLI-driving suites run ({@code -Dbench.cli.jar}, default {@code cli/target/provenant.jar}). */
final class CliJar {

    private CliJar() {}

    /** The jar's absolute path; refuses a missing jar with the command that builds it. */
    static Path locate() {
        Path jar = Path.of(System.getProperty("bench.cli.jar", "cli/target/provenant.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "CLI jar " + jar + " missing; build it: ./mvnw -B -DskipTests package -pl cli -am");
        }
        return jar;
    }
}
