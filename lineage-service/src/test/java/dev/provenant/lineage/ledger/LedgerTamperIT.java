package dev.provenant.lineage.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.EventId;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerProblem;
import dev.provenant.messages.ledger.LedgerProblem.Kind;
import dev.provenant.messages.ledger.LedgerVerification;
import dev.provenant.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tampering directly in PostgreSQL, as a database superuser could, is detected and named; a valid
 * history verifies; a transaction that commits late is chained without forking the chain.
 */
class LedgerTamperIT {

    private DataSource ds;
    private Connection sql;
    private LedgerKey key;
    private LedgerChainer chainer;

    @BeforeEach
    void setUp() throws SQLException {
        ds = EventRows.migratedDataSource(TestPostgres.shared().newDatabase());
        sql = ds.getConnection();
        key = LedgerKey.generate();
        chainer = chainer(LedgerSettings.defaults().withCheckpointEvery(10).withGapGrace(Duration.ZERO));
    }

    @AfterEach
    void tearDown() throws SQLException {
        sql.close();
    }

    private LedgerChainer chainer(LedgerSettings settings) {
        return new LedgerChainer(ds, key, settings, Clock.systemUTC());
    }

    private LedgerVerification verify() throws SQLException {
        return new LedgerVerifier(ds, Clock.systemUTC())
                .verify(new LedgerVerifier.Options(
                        ArtifactsMode.NONE, 100, Map.of(key.id(), key.publicKey()), null, key.id()));
    }

    /** {@code events} events, chained in passes of 10 (one checkpoint each), then a final checkpoint. */
    private void history(int events) throws SQLException {
        for (int from = 1; from <= events; from += 10) {
            EventRows.insertMany(sql, from, Math.min(10, events - from + 1));
            chainer.chainAll();
        }
        chainer.checkpointNow();
    }

    @Test
    void givenValidHistory_whenVerifying_thenEverythingHolds() throws SQLException {
        history(25);

        LedgerVerification v = verify();

        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(25);
        assertThat(v.chainLength()).isEqualTo(25);
        assertThat(v.pendingEvents()).isZero();
        assertThat(v.checkpointsChecked()).isEqualTo(3); // at 10, 20 and the forced one at 25
        assertThat(v.latestCheckpoint().length()).isEqualTo(25);
        assertThat(v.headHash()).isEqualTo(v.latestCheckpoint().headHash());
    }

    @Test
    void givenOneByteOfOnePayloadChanged_whenVerifying_thenThatEventIsNamedWithWhatChanged() throws SQLException {
        history(25);
        String id = EventRows.eventIdAt(sql, 17);

        EventRows.tamper(
                sql,
                "UPDATE domainevententry SET payload = set_byte(payload, 40, get_byte(payload, 40) # 1)"
                        + " WHERE globalindex = 17");
        LedgerVerification v = verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.problemCount()).isEqualTo(1);
        LedgerProblem p = v.firstProblem();
        assertThat(p.kind()).isEqualTo(Kind.EVENT_CHANGED);
        assertThat(p.position()).isEqualTo(17);
        assertThat(p.eventId()).isEqualTo(EventId.parse(id));
        assertThat(p.detail()).contains("payload changed").doesNotContain("metadata");
    }

    @Test
    void givenMetadataAndTimestampEdited_whenVerifying_thenBothFieldsAreNamed() throws SQLException {
        history(5);

        EventRows.tamper(
                sql,
                "UPDATE domainevententry SET metadata = convert_to('{\"principal\":\"mallory\"}', 'UTF8'),"
                        + " timestamp = '2020-01-01T00:00:00Z' WHERE globalindex = 3");
        LedgerProblem p = verify().firstProblem();

        assertThat(p.kind()).isEqualTo(Kind.EVENT_CHANGED);
        assertThat(p.position()).isEqualTo(3);
        assertThat(p.detail()).contains("metadata, timestamp changed");
    }

    @Test
    void givenAnEventRowDeleted_whenVerifying_thenItIsReportedMissing() throws SQLException {
        history(25);
        String id = EventRows.eventIdAt(sql, 9);

        EventRows.tamper(sql, "DELETE FROM domainevententry WHERE globalindex = 9");
        LedgerVerification v = verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.firstProblem().kind()).isEqualTo(Kind.EVENT_MISSING);
        assertThat(v.firstProblem().position()).isEqualTo(9);
        assertThat(v.firstProblem().eventId()).isEqualTo(EventId.parse(id));
        assertThat(v.eventsChecked()).isEqualTo(24);
    }

    @Test
    void givenTwoEventsSwapped_whenVerifying_thenTheFirstMovedPositionIsNamed() throws SQLException {
        history(25);
        String at5 = EventRows.eventIdAt(sql, 5);

        EventRows.tamper(
                sql,
                "UPDATE domainevententry SET globalindex = -1 WHERE globalindex = 5",
                "UPDATE domainevententry SET globalindex = 5 WHERE globalindex = 12",
                "UPDATE domainevententry SET globalindex = 12 WHERE globalindex = -1");
        LedgerVerification v = verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.problemCount()).isEqualTo(2);
        assertThat(v.firstProblem().kind()).isEqualTo(Kind.EVENT_REPLACED);
        assertThat(v.firstProblem().position()).isEqualTo(5);
        assertThat(v.firstProblem().eventId()).isEqualTo(EventId.parse(at5));
        assertThat(v.problems().get(1).position()).isEqualTo(12);
    }

    @Test
    void givenPayloadsOfTwoEventsSwappedInPlace_whenVerifying_thenBothAreReportedChanged() throws SQLException {
        history(10);

        EventRows.tamper(
                sql,
                "UPDATE domainevententry a SET payload = b.payload FROM domainevententry b"
                        + " WHERE (a.globalindex, b.globalindex) IN ((2, 7), (7, 2))");
        LedgerVerification v = verify();

        assertThat(v.problems())
                .extracting(LedgerProblem::kind, LedgerProblem::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.EVENT_CHANGED, 2L),
                        org.assertj.core.groups.Tuple.tuple(Kind.EVENT_CHANGED, 7L));
    }

    @Test
    void givenAnEventInsertedIntoAnExpiredGap_whenVerifying_thenItIsReportedUnchained() throws SQLException {
        EventRows.insertMany(sql, 1, 3);
        long skipped = nextGlobalIndex(); // a rolled-back transaction leaves this position empty
        EventRows.insertMany(sql, 4, 3);
        chainer(LedgerSettings.defaults().withGapGrace(Duration.ZERO).withGapRetention(Duration.ZERO))
                .chainAll();
        // the gap is forgotten; nothing may appear there any more
        forgeRowAt(skipped);
        chainer(LedgerSettings.defaults().withGapGrace(Duration.ZERO).withGapRetention(Duration.ZERO))
                .chainAll();

        LedgerVerification v = verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.firstProblem().kind()).isEqualTo(Kind.EVENT_UNCHAINED);
        assertThat(v.firstProblem().position()).isEqualTo(skipped);
    }

    @Test
    void givenLedgerRewrittenAfterAnEdit_whenVerifying_thenSignedCheckpointsExposeIt() throws SQLException {
        history(25);

        // An attacker with database access (but without the signing key) edits an event and
        // recomputes the whole chain so that every entry matches again.
        EventRows.tamper(sql, "UPDATE domainevententry SET payload = set_byte(payload, 40, 65) WHERE globalindex = 4");
        try (Statement s = sql.createStatement()) {
            s.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            s.execute("DELETE FROM ledger_entries");
            s.execute("UPDATE ledger_state SET cursor_position = 0, head_seq = 0, head_position = 0,"
                    + " head_hash = '\\x" + "00".repeat(32) + "'");
        }
        new LedgerChainer(ds, LedgerKey.generate(), LedgerSettings.defaults(), Clock.systemUTC()).chainAll();

        LedgerVerification v = verify();

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).extracting(LedgerProblem::kind).doesNotContain(Kind.EVENT_CHANGED);
        assertThat(v.firstProblem().kind()).isEqualTo(Kind.CHECKPOINT_MISMATCH);
        assertThat(v.firstProblem().detail()).contains("the chain was rewritten");
    }

    @Test
    void givenAChainEntryDeleted_whenVerifying_thenTheChainIsBrokenAndTheEventUnchained() throws SQLException {
        history(10);

        try (Statement s = sql.createStatement()) {
            s.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            s.execute("DELETE FROM ledger_entries WHERE seq = 6");
        }
        LedgerVerification v = verify();

        assertThat(v.problems()).extracting(LedgerProblem::kind).contains(Kind.EVENT_UNCHAINED, Kind.CHAIN_BROKEN);
        assertThat(v.firstProblem().position()).isEqualTo(6);
    }

    @Test
    void givenCheckpointHeadEdited_whenVerifying_thenItsSignatureFails() throws SQLException {
        history(10);

        try (Statement s = sql.createStatement()) {
            s.execute("ALTER TABLE ledger_checkpoints DISABLE TRIGGER ledger_checkpoints_append_only");
            s.execute("UPDATE ledger_checkpoints SET position = position + 1 WHERE seq = 10");
        }
        LedgerVerification v = verify();

        assertThat(v.problems()).extracting(LedgerProblem::kind).contains(Kind.CHECKPOINT_SIGNATURE);
        assertThat(v.problems()).extracting(LedgerProblem::object).contains("checkpoint 10");
        assertThat(v.problems()).extracting(LedgerProblem::checkpoint).contains(10L);
    }

    @Test
    void givenCheckpointsSignedByAnotherKey_whenVerifying_thenTheyAreNotTrusted() throws SQLException {
        EventRows.insertMany(sql, 1, 3);
        new LedgerChainer(ds, LedgerKey.generate(), LedgerSettings.defaults(), Clock.systemUTC()).chainAll();

        LedgerVerification v = verify();

        assertThat(v.firstProblem().kind()).isEqualTo(Kind.CHECKPOINT_SIGNATURE);
        assertThat(v.firstProblem().detail()).contains("not trusted");
    }

    @Test
    void givenATransactionThatCommitsLate_whenChaining_thenItIsAppendedLaterAndTheChainDoesNotFork()
            throws SQLException {
        EventRows.insertMany(sql, 1, 3);
        chainer.chainAll();
        chainer.checkpointNow();
        List<String> before = entries();

        long latePosition;
        try (Connection slow = ds.getConnection()) {
            slow.setAutoCommit(false);
            latePosition = EventRows.insert(slow, 100); // position 4, not yet committed
            EventRows.insertMany(sql, 5, 3); // positions 5..7 commit first
            chainer.chainAll(); // passes the gap at 4 (grace 0), chains 5..7
            assertThat(verify().ok()).isTrue();
            slow.commit();
        }
        LedgerVerification beforeChaining = verify();
        chainer.chainAll();
        chainer.checkpointNow();
        LedgerVerification v = verify();

        assertThat(latePosition).isEqualTo(4);
        assertThat(beforeChaining.ok()).isTrue();
        assertThat(beforeChaining.pendingEvents()).isEqualTo(1); // late commit into an open gap: pending
        assertThat(v.problems()).isEmpty();
        assertThat(v.chainLength()).isEqualTo(7);
        assertThat(v.pendingEvents()).isZero();
        List<String> after = entries();
        assertThat(after.subList(0, before.size())).isEqualTo(before); // nothing chained ever changes
        assertThat(after).extracting(e -> e.split(" ")[1]).containsExactly("1", "2", "3", "5", "6", "7", "4");
        assertThat(gapCount()).isZero();
    }

    @Test
    void givenAGapWithinTheGrace_whenChaining_thenTheChainWaitsForIt() throws SQLException {
        LedgerChainer patient = chainer(LedgerSettings.defaults().withGapGrace(Duration.ofMinutes(5)));
        EventRows.insertMany(sql, 1, 2);
        try (Connection slow = ds.getConnection()) {
            slow.setAutoCommit(false);
            EventRows.insert(slow, 100); // position 3
            EventRows.insertMany(sql, 4, 2); // positions 4, 5
            assertThat(patient.chainAll()).isEqualTo(2); // stops before the gap at 3
            slow.commit();
        }
        patient.chainAll();

        assertThat(entries()).extracting(e -> e.split(" ")[1]).containsExactly("1", "2", "3", "4", "5");
        assertThat(verify().ok()).isTrue();
    }

    private List<String> entries() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = sql.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT seq, position, encode(hash, 'hex') FROM ledger_entries ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    private long gapCount() throws SQLException {
        try (Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_gaps")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long nextGlobalIndex() throws SQLException {
        try (Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("SELECT nextval('domainevententry_globalindex_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void forgeRowAt(long position) throws SQLException {
        long id = EventRows.insert(sql, 999);
        EventRows.tamper(sql, "UPDATE domainevententry SET globalindex = " + position + " WHERE globalindex = " + id);
    }
}
