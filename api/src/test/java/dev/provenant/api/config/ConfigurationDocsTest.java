package dev.provenant.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * docs/configuration.md is generated from the settings records' metadata (written by Spring Boot's
 * configuration processor from their javadoc): every {@code provenant.*} setting with its type,
 * default, environment variable and meaning. A new or changed setting fails here until the page is
 * regenerated: {@code ./mvnw -pl api -am test -Dtest=ConfigurationDocsTest -Dprovenant.config.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ConfigurationDocsTest {

    private static final Path COMMITTED = Path.of("..", "docs", "configuration.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(PROVENANT_[A-Z0-9_]+):");

    /** Every provenant.* property of every module's metadata, by name. */
    private static Map<String, JsonNode> properties() throws Exception {
        Map<String, JsonNode> all = new TreeMap<>();
        for (URL url : Collections.list(ConfigurationDocsTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode p : JSON.readTree(in).path("properties")) {
                    if (p.path("name").asText().startsWith("provenant.")) {
                        all.put(p.path("name").asText(), p);
                    }
                }
            }
        }
        return all;
    }

    /** The environment variables application.yml names for settings (PROVENANT_RUN_LEASE...). */
    private static Map<String, String> aliases() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (PropertySource<?> source :
                new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))) {
            if (source.getSource() instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    Matcher m = PLACEHOLDER.matcher(String.valueOf(v));
                    if (m.find()) {
                        out.put(String.valueOf(k), m.group(1));
                    }
                });
            }
        }
        return out;
    }

    static String render() throws Exception {
        Map<String, JsonNode> properties = properties();
        Map<String, String> aliases = aliases();
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append(
                        "Every `provenant.*` setting of the server. Set one in `application.yml`/`application.properties`,\n")
                .append("as a JVM system property (`-Dprovenant.db.pool-size=20`) or as an environment variable\n")
                .append("(the name upper-cased, dots and dashes as `_`: `PROVENANT_DB_POOL_SIZE`; Spring also reads\n")
                .append("`PROVENANT_DB_POOLSIZE`; some have a shorter name, shown first). A value out of range stops\n")
                .append("the start with a message naming the setting. IDEs complete these names from\n")
                .append("`META-INF/spring-configuration-metadata.json`.\n\n")
                .append(
                        "Generated from the settings records' javadoc by `ConfigurationDocsTest`; do not edit by hand\n")
                .append("(rerun it with `-Dprovenant.config.write=true`).\n\n")
                .append("| setting | environment | type | default | meaning |\n")
                .append("|---|---|---|---|---|\n");
        properties.forEach((name, p) -> {
            String env = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String alias = aliases.get(name);
            String envText = alias == null || alias.equals(env) ? "`" + env + "`" : "`" + alias + "`, `" + env + "`";
            String type = p.path("type")
                    .asText()
                    .replace("java.lang.", "")
                    .replace("java.time.", "")
                    .replace("java.util.List<String>", "list");
            JsonNode dflt = p.path("defaultValue");
            String defaultText = dflt.isMissingNode() || dflt.isNull()
                    ? ""
                    : dflt.isArray() ? (dflt.isEmpty() ? "(none)" : dflt.toString()) : dflt.asText();
            if (defaultText.isEmpty() && !dflt.isMissingNode() && !dflt.isNull()) {
                defaultText = "(empty)";
            }
            md.append("| `")
                    .append(name)
                    .append("` | ")
                    .append(envText)
                    .append(" | ")
                    .append(type)
                    .append(" | ")
                    .append(defaultText.isEmpty() ? "" : "`" + defaultText + "`")
                    .append(" | ")
                    .append(markdown(p.path("description").asText()))
                    .append(" |\n");
        });
        return md.toString();
    }

    private static String markdown(String javadoc) {
        String text = javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ")
                .replace("|", "\\|")
                .trim();
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Test
    void everySettingIsDescribedAndHasADefault() throws Exception {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).as("settings found in the metadata").hasSizeGreaterThan(40);
        properties.forEach((name, p) -> assertThat(p.path("description").asText())
                .as("javadoc @param of %s", name)
                .isNotBlank());
        // the settings a newcomer must find
        assertThat(properties)
                .containsKeys(
                        "provenant.home",
                        "provenant.tokens",
                        "provenant.db.url",
                        "provenant.ledger.private-key",
                        "provenant.runs.lease",
                        "provenant.limits.max-inputs-per-run");
    }

    @Test
    void docsConfigurationMdIsTheGeneratedTable() throws Exception {
        String generated = render();
        if (Boolean.getBoolean("provenant.config.write")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: rerun ConfigurationDocsTest with -Dprovenant.config.write=true")
                .isEqualTo(generated);
    }
}
