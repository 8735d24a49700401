package dev.provenant.api.reproducibility;

import java.util.List;

/**
 * How much of a node's history has been shown to reproduce: of the {@code runs} in its upstream
 * closure (the node itself when it is a run), {@code reproduced} have at least one replay with the
 * verdict IDENTICAL or EQUIVALENT (hermetic or not). {@code score} is their share, null when there
 * is no run. {@code notReproduced} names the others (never replayed, or only with other verdicts).
 */
public record Reproducibility(int runs, int reproduced, Double score, List<String> notReproduced) {

    public Reproducibility {
        notReproduced = List.copyOf(notReproduced);
    }
}
