package dev.provenant.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stored events stay readable forever: every event class's every revision has a committed payload
 * ({@code lineage-service/src/test/resources/events/<Event>-rev<N>.json}, bytes as the event store
 * holds them), and each is read through the server's own event serializer and upcaster chain into
 * the current record. A payload of the current revision must also serialize back to the very same
 * bytes, so a refactoring of an event record (a typed id instead of a {@code String}, a renamed
 * component) that would change what is stored fails here.
 *
 * <p>When you add an event or bump a {@code @Revision}: keep the old fixture, add one of the new
 * revision (take the payload of a real event: {@code SELECT convert_from(payload, 'UTF8') FROM
 * domainevententry WHERE payloadtype = '…'}), and write the upcaster. An old revision may have
 * more payloads, named {@code <Event>-rev<N>-<case>.json} (e.g. {@code -legacy-digests}: values
 * an upcaster has to move aside); they are read the same way, and the upcaster's own test says
 * what they read as.
 */
@SpringBootTest(classes = ProvenantApplication.class)
class StoredEventFixturesIT {

    private static final Path FIXTURES = Path.of("..", "lineage-service", "src", "test", "resources", "events");
    /** {@code <Event>-rev<N>.json}, or {@code <Event>-rev<N>-<case>.json} for more payloads of an old revision. */
    private static final Pattern NAME = Pattern.compile("(\\w+)-rev(\\d+)(-[a-z0-9-]+)?\\.json");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
    }

    @Autowired
    Configuration axon;

    /** Every {@code @Revision} class under dev.provenant.messages, by simple name. */
    private static Map<String, Class<?>> eventClasses() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Map<String, Class<?>> classes = new TreeMap<>();
        for (BeanDefinition d : scanner.findCandidateComponents("dev.provenant.messages")) {
            Class<?> c = Class.forName(d.getBeanClassName());
            classes.put(c.getSimpleName(), c);
        }
        return classes;
    }

    private static int revision(Class<?> c) {
        return Integer.parseInt(c.getAnnotation(Revision.class).value());
    }

    @Test
    void everyRevisionOfEveryEventHasACommittedPayload_andNoFixtureIsOrphaned() throws Exception {
        Map<String, Class<?>> classes = eventClasses();
        assertThat(classes).as("event classes found by the scan").hasSizeGreaterThanOrEqualTo(16);
        List<String> missing = new ArrayList<>();
        classes.forEach((name, c) -> {
            for (int r = 1; r <= revision(c); r++) {
                if (!Files.exists(FIXTURES.resolve(name + "-rev" + r + ".json"))) {
                    missing.add(name + "-rev" + r + ".json");
                }
            }
        });
        assertThat(missing)
                .as("fixtures missing under %s (see this test's javadoc for how to add one)", FIXTURES)
                .isEmpty();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.toList()) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("fixture name %s", f).isTrue();
                assertThat(classes).as("fixture %s names an event class", f).containsKey(m.group(1));
                assertThat(Integer.parseInt(m.group(2)))
                        .as("fixture %s is of a revision the class has had", f)
                        .isBetween(1, revision(classes.get(m.group(1))));
            }
        }
    }

    @Test
    void everyCommittedPayloadReadsAsTheCurrentEvent_andTheCurrentRevisionSerializesToTheSameBytes() throws Exception {
        Map<String, Class<?>> classes = eventClasses();
        Serializer serializer = axon.eventSerializer();
        int checked = 0;
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                assertThat(m.matches()).isTrue();
                Class<?> type = classes.get(m.group(1));
                String stored = m.group(2);
                byte[] payload = Files.readAllBytes(f);
                GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                        "Aggregate",
                        "fixture",
                        0,
                        "fixture-" + f.getFileName(),
                        Instant.parse("2026-01-01T00:00:00Z"),
                        type.getName(),
                        stored,
                        payload,
                        "{}".getBytes(StandardCharsets.UTF_8));
                List<IntermediateEventRepresentation> upcast = axon.upcasterChain()
                        .upcast(Stream.of(new InitialEventRepresentation(entry, serializer)))
                        .toList();
                assertThat(upcast).as("%s upcasts to one event", f).hasSize(1);
                assertThat(upcast.get(0).getType().getRevision())
                        .as("%s is upcast to the current revision", f)
                        .isEqualTo(Integer.toString(revision(type)));
                Object event = serializer.deserialize(upcast.get(0).getData());
                assertThat(event).as("%s", f).isInstanceOf(type);
                if (Integer.parseInt(stored) == revision(type) && m.group(3) == null) {
                    SerializedObject<byte[]> again = serializer.serialize(event, byte[].class);
                    assertThat(new String(again.getData(), StandardCharsets.UTF_8))
                            .as("%s written again by today's record", f)
                            .isEqualTo(new String(payload, StandardCharsets.UTF_8));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(24);
    }
}
