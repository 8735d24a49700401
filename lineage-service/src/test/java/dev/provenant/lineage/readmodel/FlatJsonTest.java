package dev.provenant.lineage.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written writer for flat values writes exactly what the read-model mapper writes. */
class FlatJsonTest {

    private static String jackson(Object value) throws Exception {
        return Json.MAPPER.writeValueAsString(value);
    }

    @Test
    void flatMapsAndStringListsAreWrittenAsTheMapperWritesThem() throws Exception {
        Random random = new Random(17);
        for (int round = 0; round < 2_000; round++) {
            Map<String, Object> map = new LinkedHashMap<>();
            List<String> list = new ArrayList<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String key = text(random);
                Object value = switch (random.nextInt(7)) {
                    case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(30) - 15);
                    case 1 -> random.nextLong();
                    case 2 -> random.nextInt();
                    case 3 -> random.nextBoolean();
                    case 4 -> null;
                    default -> text(random);
                };
                map.put(key, value);
                list.add(text(random));
            }
            assertThat(FlatJson.write(map)).isEqualTo(jackson(map));
            assertThat(FlatJson.write(list)).isEqualTo(jackson(list));
            assertThat(Json.write(map)).isEqualTo(jackson(map));
        }
    }

    @Test
    void specialCharactersAndNumbers() throws Exception {
        Map<String, Object> map = new HashMap<>();
        map.put("q\"uote", "back\\slash\n\r\t\b\f\u0000\u001f\u007f é ✓ \ud83d\ude00 </script>");
        map.put("a", 1.0E-4);
        map.put("b", 0.9);
        map.put("c", 1e21);
        map.put("d", -0.0);
        map.put("e", Long.MIN_VALUE);
        assertThat(FlatJson.write(map)).isEqualTo(jackson(map));
        assertThat(FlatJson.write(Map.of())).isEqualTo(jackson(Map.of()));
        assertThat(FlatJson.write(List.of())).isEqualTo(jackson(List.of()));
    }

    @Test
    void anythingElseIsLeftToTheMapper() {
        assertThat(FlatJson.write(Map.of("x", Double.NaN))).isNull();
        assertThat(FlatJson.write(Map.of("x", List.of("nested")))).isNull();
        assertThat(FlatJson.write(Map.of(1, "not a string key"))).isNull();
        assertThat(FlatJson.write(Arrays.asList("a", null))).isNull();
        assertThat(FlatJson.write(List.of(1, 2))).isNull();
        assertThat(FlatJson.write("plain")).isNull();
    }

    private static String text(Random random) {
        int len = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(10);
            sb.append(
                    kind == 0
                            ? (char) random.nextInt(0x20)
                            : kind == 1
                                    ? "\"\\/é✓\u2028".charAt(random.nextInt(6))
                                    : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
