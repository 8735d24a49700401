package dev.provenant.lineage.graph.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

/**
 * An event's global index told from its tracking token and its predecessor's, as Axon's JDBC
 * engine builds them: never a wrong index (another event's), and unknown (-1, looked up) only when
 * the tokens cannot tell.
 */
class ProjectionBatchPositionTest {

    @Test
    void givenTheHeadMovesUp_thenTheEventIsAtTheNewIndex() {
        GapAwareTrackingToken a = GapAwareTrackingToken.newInstance(10, new TreeSet<>());
        GapAwareTrackingToken b = a.advanceTo(13, 10_000); // 11 and 12 not committed yet: gaps
        assertThat(b.getGaps()).containsExactly(11L, 12L);
        assertThat(ProjectionBatch.derive(a, b)).isEqualTo(13);
    }

    @Test
    void givenALateCommitFillsAGap_thenTheEventIsTheFilledGapNotTheHighestIndexSeen() {
        GapAwareTrackingToken a = GapAwareTrackingToken.newInstance(13, new TreeSet<>(List.of(11L, 12L)));
        GapAwareTrackingToken b = a.advanceTo(12, 10_000);
        assertThat(b.getIndex()).isEqualTo(13); // what the token's position would wrongly say
        assertThat(ProjectionBatch.derive(a, b)).isEqualTo(12);
    }

    @Test
    void givenTheStoreDroppedOldGapsBetweenTwoFetches_whenAGapIsFilled_thenUnknownNotAGuess() {
        GapAwareTrackingToken a = GapAwareTrackingToken.newInstance(20, new TreeSet<>(List.of(5L, 11L)));
        GapAwareTrackingToken b = a.withGapsTruncatedAt(6).advanceTo(11, 10_000);
        assertThat(ProjectionBatch.derive(a, b)).isEqualTo(-1);
    }

    @Test
    void givenARandomCommitOrder_thenEveryDerivedIndexIsTheEventsOwn() {
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            // indexes 0..n-1 become visible in a shuffled-ish order (late commits fill gaps)
            int n = 200;
            List<Long> order = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                order.add(i);
            }
            for (int s = 0; s < n / 4; s++) {
                int i = random.nextInt(n - 5);
                Collections.swap(order, i, i + 1 + random.nextInt(4));
            }
            GapAwareTrackingToken previous = null;
            GapAwareTrackingToken token = null;
            int derived = 0;
            for (long index : order) {
                token = token == null
                        ? GapAwareTrackingToken.newInstance(index, gapsBelow(index))
                        : token.advanceTo(index, 10_000);
                if (previous != null) {
                    long d = ProjectionBatch.derive(previous, token);
                    assertThat(d).isIn(-1L, index);
                    if (d == index) {
                        derived++;
                    }
                }
                previous = token;
            }
            assertThat(derived).isEqualTo(n - 1);
        }
    }

    private static TreeSet<Long> gapsBelow(long index) {
        TreeSet<Long> gaps = new TreeSet<>();
        for (long i = 0; i < index; i++) {
            gaps.add(i);
        }
        return gaps;
    }
}
