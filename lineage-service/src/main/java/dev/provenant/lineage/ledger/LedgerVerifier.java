package dev.provenant.lineage.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.messages.common.Digests;
import dev.provenant.messages.common.EventId;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerCheckpointView;
import dev.provenant.messages.ledger.LedgerKeyId;
import dev.provenant.messages.ledger.LedgerProblem;
import dev.provenant.messages.ledger.LedgerProblem.Kind;
import dev.provenant.messages.ledger.LedgerVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Recomputes the hash chain from {@code domainevententry} and compares it with the ledger and its
 * signed checkpoints, independently of the chainer; then reads back the artifacts that events
 * reference. Everything is read in one repeatable-read transaction, so a running chainer does not
 * disturb it.
 *
 * <p>What it proves: every chained event still has the bytes it had when chained, at the position
 * it had, none is missing, none was added below the chain's cursor, the chain's links are intact,
 * and every checkpoint's head is on the chain and signed by a trusted key. An attacker who rewrites
 * events and recomputes the whole ledger is caught by the checkpoints (they cannot sign).
 *
 * <p>{@code LedgerVerification v = new LedgerVerifier(dataSource).verify(options);}
 */
public final class LedgerVerifier {

    /** At most this many problems are listed; {@code problemCount} has the total. */
    public static final int MAX_PROBLEMS = 100;

    /** Positions per keyset range. */
    private static final int RANGE = 20_000;

    private static final byte[] DIGEST_MARK = "\"sha256:".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> DIGEST_FIELDS = Set.of("digest", "contentDigest", "snapshotDigest");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Clock clock;

    public LedgerVerifier(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * What to check.
     *
     * @param artifacts which referenced artifacts to read back
     * @param sampleSize how many for {@link ArtifactsMode#SAMPLE}
     * @param trustedKeys key id → public key of every key whose checkpoints are trusted
     * @param checker reads artifacts (may be null when {@code artifacts} is NONE)
     * @param keyId the id of the current signing key, for the report
     */
    public record Options(
            ArtifactsMode artifacts,
            int sampleSize,
            Map<String, PublicKey> trustedKeys,
            ArtifactChecker checker,
            String keyId) {}

    public LedgerVerification verify(Options options) throws SQLException {
        Instant started = clock.instant();
        Problems problems = new Problems();
        Map<String, ArtifactRef> refs = new LinkedHashMap<>();
        long events;
        LedgerChainer.State state;
        List<StoredCheckpoint> checkpoints;
        long pending;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                state = LedgerChainer.readState(c);
                checkpoints = readCheckpoints(c);
                Map<Long, StoredCheckpoint> bySeq = new HashMap<>();
                checkpoints.forEach(cp -> bySeq.put(cp.seq, cp));
                Links links = new Links(state, bySeq.keySet(), problems);
                EventCounts counts = checkEvents(
                        c,
                        new EventCheck(
                                state, openGaps(c), options.artifacts() != ArtifactsMode.NONE, refs, links, problems));
                events = counts.checked();
                pending = counts.pending();
                links.finish();
                Map<Long, byte[]> chainHashAt = links.hashAt;
                Map<Long, Long> chainPositionAt = links.positionAt;
                checkCheckpoints(checkpoints, chainHashAt, chainPositionAt, state, options.trustedKeys(), problems);
                c.commit();
            } finally {
                c.setReadOnly(false);
                c.setAutoCommit(autoCommit);
            }
        }
        long artifactsChecked = checkArtifacts(options, refs, problems);
        StoredCheckpoint latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        List<LedgerProblem> listed = problems.sorted();
        return new LedgerVerification(
                problems.count == 0,
                started,
                clock.instant(),
                options.artifacts(),
                events,
                state.headSeq(),
                state.headPosition(),
                Sha256Digest.parse(EventEncoding.text(state.headHash())),
                pending,
                checkpoints.size(),
                latest == null ? null : latest.view(),
                refs.size(),
                artifactsChecked,
                options.keyId() == null ? null : LedgerKeyId.parse(options.keyId()),
                listed,
                problems.count);
    }

    /** Events checked, and of those the ones not chained yet (past the chainer's cursor or in an open gap). */
    record EventCounts(long checked, long pending) {}

    /**
     * Walks the event store and the ledger together in position order, in keyset ranges (index
     * range scans on both tables), and hands each position to {@code check}: an event with its
     * chain entry, an event without one, or a chain entry without its event.
     */
    private static EventCounts checkEvents(Connection c, EventCheck check) throws SQLException {
        long maxPosition = Math.max(
                scalar(c, "SELECT coalesce(max(globalindex), 0) FROM domainevententry"),
                scalar(c, "SELECT coalesce(max(position), 0) FROM ledger_entries"));
        LedgerRow[] chunk = new LedgerRow[RANGE];
        try (PreparedStatement events = c.prepareStatement("SELECT " + StoredEvent.COLUMNS
                        + " FROM domainevententry WHERE globalindex > ? AND globalindex <= ? ORDER BY globalindex");
                PreparedStatement ledger = c.prepareStatement(
                        "SELECT position, seq, event_id, prev_hash, hash, field_crcs FROM ledger_entries"
                                + " WHERE position > ? AND position <= ? ORDER BY position")) {
            for (long lo = 0; lo < maxPosition; lo += RANGE) {
                long hi = lo + RANGE;
                int n = readLedger(ledger, lo, hi, chunk);
                events.setLong(1, lo);
                events.setLong(2, hi);
                int li = 0;
                try (ResultSet ers = events.executeQuery()) {
                    boolean eHas = ers.next();
                    while (eHas || li < n) {
                        long ePos = eHas ? ers.getLong(1) : Long.MAX_VALUE;
                        LedgerRow l = li < n ? chunk[li] : null;
                        long lPos = l == null ? Long.MAX_VALUE : l.position;
                        if (ePos == lPos) {
                            check.chained(StoredEvent.read(ers, 1), l);
                            eHas = ers.next();
                            li++;
                        } else if (ePos < lPos) {
                            check.unchained(ePos, StoredEvent.read(ers, 1));
                            eHas = ers.next();
                        } else {
                            check.missing(l);
                            li++;
                        }
                    }
                }
            }
        }
        return new EventCounts(check.checked, check.pending);
    }

    /** Reads the chain entries at positions (lo, hi] into {@code chunk}; returns how many. */
    private static int readLedger(PreparedStatement ledger, long lo, long hi, LedgerRow[] chunk) throws SQLException {
        int n = 0;
        ledger.setLong(1, lo);
        ledger.setLong(2, hi);
        try (ResultSet lrs = ledger.executeQuery()) {
            while (lrs.next()) {
                chunk[n++] = new LedgerRow(
                        lrs.getLong(1),
                        lrs.getLong(2),
                        lrs.getBytes(3),
                        lrs.getBytes(4),
                        lrs.getBytes(5),
                        lrs.getBytes(6));
            }
        }
        return n;
    }

    /**
     * Checks events against their chain entries one position at a time: recomputes each entry's
     * hash from the stored event, feeds the entries to the link check, records problems, and
     * collects the artifacts the events reference when {@code collectRefs}.
     */
    private static final class EventCheck {
        private final LedgerChainer.State state;
        private final Set<Long> openGaps;
        private final boolean collectRefs;
        private final Map<String, ArtifactRef> refs;
        private final Links links;
        private final Problems problems;
        private final MessageDigest md = EventEncoding.sha256();
        private long checked;
        private long pending;

        EventCheck(
                LedgerChainer.State state,
                Set<Long> openGaps,
                boolean collectRefs,
                Map<String, ArtifactRef> refs,
                Links links,
                Problems problems) {
            this.state = state;
            this.openGaps = openGaps;
            this.collectRefs = collectRefs;
            this.refs = refs;
            this.links = links;
            this.problems = problems;
        }

        /** An event and the chain entry at its position: same event, and still hashing to the entry? */
        void chained(StoredEvent e, LedgerRow l) {
            checked++;
            links.accept(l);
            long pos = l.position;
            if (!Arrays.equals(e.eventId(), l.eventId)) {
                String chainedId = text(l.eventId);
                problems.add(new LedgerProblem(
                        Kind.EVENT_REPLACED,
                        pos,
                        eventId(chainedId),
                        null,
                        null,
                        "position " + pos + " holds event " + e.eventIdText() + " but the chain has event " + chainedId
                                + " there (rows moved, swapped or replaced)"));
            } else if (!Arrays.equals(EventEncoding.chain(md, l.prevHash, e), l.hash)) {
                String chainedId = text(l.eventId);
                List<String> fields = EventEncoding.changedFields(l.fieldCrcs, e);
                problems.add(new LedgerProblem(
                        Kind.EVENT_CHANGED,
                        pos,
                        eventId(chainedId),
                        null,
                        null,
                        "event " + chainedId + " at position " + pos + " (chain entry " + l.seq
                                + ") no longer matches its hash: "
                                + (fields.isEmpty() ? "its bytes changed" : String.join(", ", fields) + " changed")));
            }
            if (collectRefs) {
                collect(e, refs);
            }
        }

        /** An event without a chain entry: pending if the chainer has not got there yet, else a problem. */
        void unchained(long pos, StoredEvent e) {
            checked++;
            if (pos > state.cursor() || openGaps.contains(pos)) {
                pending++;
            } else {
                problems.add(new LedgerProblem(
                        Kind.EVENT_UNCHAINED,
                        pos,
                        eventId(e.eventIdText()),
                        null,
                        null,
                        "event " + e.eventIdText() + " at position " + pos
                                + " is in the event store but was never chained, although the"
                                + " chain passed that position (inserted after the fact?)"));
            }
            if (collectRefs) {
                collect(e, refs);
            }
        }

        /** A chain entry whose event is gone from the event store. */
        void missing(LedgerRow l) {
            links.accept(l);
            String id = text(l.eventId);
            problems.add(new LedgerProblem(
                    Kind.EVENT_MISSING,
                    l.position,
                    eventId(id),
                    null,
                    null,
                    "event " + id + " (chain entry " + l.seq + ") is missing from position " + l.position
                            + " of the event store (deleted or moved)"));
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    record LedgerRow(long position, long seq, byte[] eventId, byte[] prevHash, byte[] hash, byte[] fieldCrcs) {}

    /**
     * The link check, fed entries in position order: every entry's prev hash must be the hash of
     * the entry before it in chain order, the first must follow the genesis, and the chain must
     * have exactly {@code head} entries ending in the recorded head hash. Entries appended late
     * (their seq out of position order) are matched through small maps.
     */
    private static final class Links {
        private final LedgerChainer.State state;
        private final Set<Long> checkpointSeqs;
        private final Problems problems;
        final Map<Long, byte[]> hashAt = new HashMap<>();
        final Map<Long, Long> positionAt = new HashMap<>();
        private final Map<Long, byte[]> stash = new HashMap<>();
        private final Map<Long, LedgerRow> waiting = new HashMap<>();
        private LedgerRow last;
        private long count;
        private long maxSeq;
        private byte[] headHash;

        Links(LedgerChainer.State state, Set<Long> checkpointSeqs, Problems problems) {
            this.state = state;
            this.checkpointSeqs = checkpointSeqs;
            this.problems = problems;
        }

        void accept(LedgerRow r) {
            count++;
            maxSeq = Math.max(maxSeq, r.seq);
            if (checkpointSeqs.contains(r.seq)) {
                hashAt.put(r.seq, r.hash);
                positionAt.put(r.seq, r.position);
            }
            if (r.seq == state.headSeq()) {
                headHash = r.hash;
            }
            if (last != null && r.seq != last.seq + 1) {
                stash.put(last.seq, last.hash);
            }
            if (r.seq == 1) {
                link(r, EventEncoding.GENESIS);
            } else if (last != null && last.seq == r.seq - 1) {
                link(r, last.hash);
            } else {
                byte[] before = stash.remove(r.seq - 1);
                if (before != null) {
                    link(r, before);
                } else {
                    waiting.put(r.seq - 1, r);
                }
            }
            LedgerRow next = waiting.remove(r.seq);
            if (next != null) {
                link(next, r.hash);
            }
            last = r;
        }

        private void link(LedgerRow r, byte[] expectedPrev) {
            if (!Arrays.equals(r.prevHash, expectedPrev)) {
                problems.add(new LedgerProblem(
                        Kind.CHAIN_BROKEN,
                        r.position,
                        eventId(text(r.eventId)),
                        null,
                        null,
                        "chain entry " + r.seq + " does not link to entry " + (r.seq - 1) + " (its prev hash "
                                + EventEncoding.text(r.prevHash) + " is not " + EventEncoding.text(expectedPrev)
                                + ")"));
            }
        }

        void finish() {
            for (LedgerRow r : waiting.values()) {
                problems.add(new LedgerProblem(
                        Kind.CHAIN_BROKEN,
                        r.position,
                        eventId(text(r.eventId)),
                        null,
                        null,
                        "chain entry " + r.seq + " follows entry " + (r.seq - 1)
                                + ", which is missing from the chain"));
            }
            if (count != state.headSeq() || maxSeq != state.headSeq() || !Arrays.equals(headHash, state.headHash())) {
                problems.add(new LedgerProblem(
                        Kind.CHAIN_BROKEN,
                        null,
                        null,
                        null,
                        null,
                        "the chain has " + count + " entries up to entry " + maxSeq
                                + " but its recorded head is entry " + state.headSeq() + " with "
                                + EventEncoding.text(state.headHash())));
            }
        }
    }

    private static void checkCheckpoints(
            List<StoredCheckpoint> checkpoints,
            Map<Long, byte[]> hashAt,
            Map<Long, Long> positionAt,
            LedgerChainer.State state,
            Map<String, PublicKey> trusted,
            Problems problems) {
        for (StoredCheckpoint cp : checkpoints) {
            LedgerCheckpointView v = cp.view();
            String name = "checkpoint " + cp.seq;
            PublicKey key = trusted.get(cp.keyId);
            if (key == null) {
                problems.add(new LedgerProblem(
                        Kind.CHECKPOINT_SIGNATURE,
                        cp.position,
                        null,
                        null,
                        cp.seq,
                        name + " is signed by key " + cp.keyId + ", which is not trusted (trusted: "
                                + String.join(", ", trusted.keySet()) + ")"));
            } else if (!LedgerKey.verify(key, Checkpoints.bytes(v.signedText()), cp.signature)) {
                problems.add(new LedgerProblem(
                        Kind.CHECKPOINT_SIGNATURE,
                        cp.position,
                        null,
                        null,
                        cp.seq,
                        name + " has an invalid signature by " + cp.keyId
                                + " (its length, position, head or time were changed)"));
            }
            byte[] chainHash = hashAt.get(cp.seq);
            if (chainHash == null) {
                problems.add(new LedgerProblem(
                        Kind.CHECKPOINT_MISMATCH,
                        cp.position,
                        null,
                        null,
                        cp.seq,
                        name + " covers " + cp.seq + " events but the chain has only " + state.headSeq()
                                + " (the chain was truncated)"));
            } else if (!Arrays.equals(chainHash, cp.head) || positionAt.get(cp.seq) != cp.position) {
                problems.add(new LedgerProblem(
                        Kind.CHECKPOINT_MISMATCH,
                        cp.position,
                        null,
                        null,
                        cp.seq,
                        name + " signed head " + EventEncoding.text(cp.head) + " at position " + cp.position
                                + " but the chain has " + EventEncoding.text(chainHash) + " at position "
                                + positionAt.get(cp.seq) + " (the chain was rewritten)"));
            }
        }
    }

    private static long checkArtifacts(Options options, Map<String, ArtifactRef> refs, Problems problems) {
        if (options.artifacts() == ArtifactsMode.NONE || refs.isEmpty()) {
            return 0;
        }
        List<ArtifactRef> chosen = new ArrayList<>(refs.values());
        boolean all = options.artifacts() == ArtifactsMode.ALL;
        if (!all && chosen.size() > options.sampleSize()) {
            java.util.Collections.shuffle(chosen, new Random());
            chosen = new ArrayList<>(chosen.subList(0, options.sampleSize()));
            chosen.sort(Comparator.comparingLong(ArtifactRef::position));
        }
        Set<String> done = new HashSet<>();
        long checked = 0;
        for (ArtifactRef ref : chosen) {
            done.add(ref.digest);
            ArtifactChecker.Result r = options.checker().check(ref.digest, all);
            checked++;
            report(ref, r, null, problems);
            if (all && r.files() != null) {
                for (ArtifactChecker.ManifestFile f : r.files()) {
                    if (done.add(f.digest())) {
                        checked++;
                        report(ref, options.checker().check(f.digest(), false), f, problems);
                    }
                }
            }
        }
        return checked;
    }

    private static void report(
            ArtifactRef ref, ArtifactChecker.Result r, ArtifactChecker.ManifestFile file, Problems problems) {
        if (r.status() == ArtifactChecker.Status.OK) {
            return;
        }
        String object = file == null ? ref.digest : file.digest();
        String what = file == null
                ? "artifact " + ref.digest
                : "file '" + file.path() + "' (" + file.digest() + ") of manifest " + ref.digest;
        Kind kind = switch (r.status()) {
            case MISSING -> Kind.ARTIFACT_MISSING;
            case CORRUPT -> Kind.ARTIFACT_CORRUPT;
            default -> Kind.ARTIFACT_UNAVAILABLE;
        };
        String verb = switch (r.status()) {
            case MISSING -> " is not in the artifact store";
            case CORRUPT -> " is corrupt";
            default -> " could not be read";
        };
        problems.add(new LedgerProblem(
                kind,
                ref.position,
                eventId(ref.eventId),
                digest(object),
                null,
                what + " (" + ref.field + " of event " + ref.eventId + " at position " + ref.position + ")" + verb
                        + (r.detail() == null ? "" : ": " + r.detail())));
    }

    /** Digests an event references: {@code digest}, {@code contentDigest}, {@code snapshotDigest} fields, except environment fingerprints. */
    static void collect(StoredEvent e, Map<String, ArtifactRef> refs) {
        if (indexOf(e.payload(), DIGEST_MARK) < 0) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(e.payload());
        } catch (IOException notJson) {
            return;
        }
        walk(root, null, e, refs);
    }

    private static void walk(JsonNode node, String field, StoredEvent e, Map<String, ArtifactRef> refs) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("environment")) {
                    continue; // an environment fingerprint's digest names facts, not stored bytes
                }
                walk(f.getValue(), f.getKey(), e, refs);
            }
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, field, e, refs));
        } else if (node.isTextual() && field != null && DIGEST_FIELDS.contains(field)) {
            String d = node.asText();
            if (SHA256.matcher(d).matches()) {
                refs.putIfAbsent(d, new ArtifactRef(d, e.position(), e.eventIdText(), shortType(e) + "." + field));
            }
        }
    }

    private static String shortType(StoredEvent e) {
        String t = e.payloadTypeText();
        return t.substring(t.lastIndexOf('.') + 1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Set<Long> openGaps(Connection c) throws SQLException {
        Set<Long> gaps = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM ledger_gaps");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                gaps.add(rs.getLong(1));
            }
        }
        return gaps;
    }

    static List<StoredCheckpoint> readCheckpoints(Connection c) throws SQLException {
        List<StoredCheckpoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, position, head_hash, signed_at, key_id, signature FROM ledger_checkpoints"
                                + " ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredCheckpoint(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getBytes(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getBytes(6)));
            }
        }
        return out;
    }

    record ArtifactRef(String digest, long position, String eventId, String field) {}

    record StoredCheckpoint(long seq, long position, byte[] head, Instant signedAt, String keyId, byte[] signature) {
        LedgerCheckpointView view() {
            return Checkpoints.view(seq, position, head, signedAt, keyId, signature);
        }
    }

    /** Problems found so far: the first {@link #MAX_PROBLEMS} kept, all counted. */
    private static final class Problems {
        final List<LedgerProblem> list = new ArrayList<>();
        long count;

        void add(LedgerProblem p) {
            count++;
            if (list.size() < MAX_PROBLEMS * 4) {
                list.add(p);
            }
        }

        /** Events and chain by position first, then checkpoints, then artifacts. */
        List<LedgerProblem> sorted() {
            return list.stream()
                    .sorted(Comparator.comparingInt((LedgerProblem p) -> rank(p.kind()))
                            .thenComparing(p -> p.position() == null ? Long.MAX_VALUE : p.position()))
                    .limit(MAX_PROBLEMS)
                    .toList();
        }

        private static int rank(Kind k) {
            return switch (k) {
                case EVENT_CHANGED, EVENT_MISSING, EVENT_REPLACED, EVENT_UNCHAINED, CHAIN_BROKEN -> 0;
                case CHECKPOINT_MISMATCH, CHECKPOINT_SIGNATURE -> 1;
                default -> 2;
            };
        }
    }

    /**
     * The problem's artifact digest or event id, or null when the stored text is not one (a
     * tampered row: the detail still quotes it).
     */
    private static Sha256Digest digest(String text) {
        return Digests.isSha256(text) ? Sha256Digest.parse(text) : null;
    }

    private static EventId eventId(String text) {
        try {
            return EventId.parseOrNull(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
