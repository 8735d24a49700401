package dev.provenant.api.ops;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.api.config.ProvenantProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the projection-fault tests share: clients for alice and the admin, a dataset registration's
 * input, and SQL straight at the test database (to poison a read-model table with a constraint and
 * to read what was written).
 */
abstract class AbstractProjectionFaultIT extends AbstractGraphQlIT {

    /** The server's settings; its home holds the admin token. */
    @Autowired
    ProvenantProperties provenant;

    String base() {
        return "http://127.0.0.1:" + port;
    }

    GraphQlClient alice() {
        return new GraphQlClient(base(), ProvenantTestSupport.ALICE_TOKEN);
    }

    String adminToken() throws Exception {
        return Files.readString(Path.of(provenant.home(), "admin.token")).trim();
    }

    GraphQlClient admin() throws Exception {
        return new GraphQlClient(base(), adminToken());
    }

    /** The input of {@code registerDatasetVersion} for {@code name@v1} with the given content. */
    static Map<String, Object> dataset(String name, char digestHex, long sizeBytes) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("version", "v1");
        input.put("contentDigest", "sha256:" + String.valueOf(digestHex).repeat(64));
        input.put("sizeBytes", sizeBytes);
        return input;
    }

    static void sql(String statement) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The first column of the first row of {@code query}, as a number. */
    static long count(String query) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
