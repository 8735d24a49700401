package dev.provenant.api.ledger;

import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import dev.provenant.lineage.ledger.ArtifactChecker;
import dev.provenant.lineage.ledger.Ledger;
import dev.provenant.messages.ledger.ArtifactsMode;
import dev.provenant.messages.ledger.LedgerCheckpointView;
import dev.provenant.messages.ledger.LedgerHead;
import dev.provenant.messages.ledger.LedgerVerification;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

/** {@code ledger} and {@code verifyLedger}. */
@Controller
public class LedgerController {

    /** The {@code Ledger} type: resolved field by field. */
    public record LedgerInfo(String keyId, String publicKey, String algorithm) {}

    private final Ledger ledger;
    private final ArtifactChecker artifacts;

    public LedgerController(Ledger ledger, ArtifactChecker artifacts) {
        this.ledger = ledger;
        this.artifacts = artifacts;
    }

    @QueryMapping
    public LedgerInfo ledger() {
        return new LedgerInfo(ledger.key().id(), ledger.key().publicKeyBase64(), "Ed25519");
    }

    @SchemaMapping(typeName = "Ledger", field = "head")
    public LedgerHead head(LedgerInfo info) {
        return ledger.head();
    }

    @SchemaMapping(typeName = "Ledger", field = "latestCheckpoint")
    public LedgerCheckpointView latestCheckpoint(LedgerInfo info) {
        return ledger.latestCheckpoint().orElse(null);
    }

    @SchemaMapping(typeName = "Ledger", field = "checkpoints")
    public List<LedgerCheckpointView> checkpoints(LedgerInfo info, @Argument Integer first, @Argument Long before) {
        int n = first == null ? 100 : first;
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("first must be between 1 and 10000, got " + n);
        }
        return ledger.checkpoints(n, before == null ? Long.MAX_VALUE : before, true);
    }

    @SchemaMapping(typeName = "Ledger", field = "lastVerification")
    public LedgerVerification lastVerification(LedgerInfo info) {
        return ledger.lastVerification().orElse(null);
    }

    @SchemaMapping(typeName = "LedgerCheckpoint", field = "signatureValid")
    public boolean signatureValid(LedgerCheckpointView cp) {
        return ledger.signatureValid(cp);
    }

    @SchemaMapping(typeName = "LedgerVerification", field = "firstProblem")
    public Object firstProblem(LedgerVerification v) {
        return v.firstProblem();
    }

    @PreAuthorize("hasRole('RECORDER')")
    @MutationMapping
    public LedgerVerification verifyLedger(
            @Argument ArtifactsMode artifacts,
            @Argument Integer sampleSize,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        int sample = sampleSize == null ? 100 : sampleSize;
        if (sample < 1 || sample > 1_000_000) {
            throw new IllegalArgumentException("sampleSize must be between 1 and 1000000, got " + sample);
        }
        ledger.checkpointNow();
        return ledger.verify(artifacts == null ? ArtifactsMode.SAMPLE : artifacts, sample, this.artifacts, principal);
    }
}
