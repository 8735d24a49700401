package dev.provenant.lineage.model.command;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.model.ModelStage;
import dev.provenant.messages.model.ModelStageTransitionedEvent;
import dev.provenant.messages.model.ModelVersionId;
import dev.provenant.messages.model.ModelVersionRegisteredEvent;
import dev.provenant.messages.model.RegisterModelVersionCommand;
import dev.provenant.messages.model.TransitionModelStageCommand;
import dev.provenant.messages.run.RunId;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelVersionAggregateTest {

    static final String ID = "model:churn@7";
    static final String D = "sha256:" + "9".repeat(64);
    static final ModelVersionRegisteredEvent REGISTERED = new ModelVersionRegisteredEvent(
            ModelVersionId.parse(ID),
            "churn",
            "7",
            RunId.parse("run:r1"),
            "model.bin",
            Sha256Digest.parse(D),
            10,
            null);

    private AggregateTestFixture<ModelVersionAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelVersionAggregate.class);
    }

    @Test
    void givenNothing_whenRegister_thenRegistered_andAgainIsIdempotent_andOtherSourceConflicts() {
        RegisterModelVersionCommand cmd = new RegisterModelVersionCommand(
                ModelVersionId.parse(ID),
                "churn",
                "7",
                RunId.parse("run:r1"),
                "model.bin",
                Sha256Digest.parse(D),
                10,
                null);
        fixture.givenNoPriorActivity().when(cmd).expectEvents(REGISTERED);
        fixture.given(REGISTERED).when(cmd).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(REGISTERED)
                .when(new RegisterModelVersionCommand(
                        ModelVersionId.parse(ID),
                        "churn",
                        "7",
                        RunId.parse("run:r2"),
                        "model.bin",
                        Sha256Digest.parse(D),
                        10,
                        null))
                .expectNoEvents()
                .expectException(CommandExecutionException.class);
    }

    @Test
    void givenRegistered_whenPromoted_thenTransitionWithReason() {
        fixture.given(REGISTERED)
                .when(new TransitionModelStageCommand(
                        ModelVersionId.parse(ID), ModelStage.STAGING, "passed offline eval", null, null))
                .expectEvents(new ModelStageTransitionedEvent(
                        ModelVersionId.parse(ID), ModelStage.NONE, ModelStage.STAGING, "passed offline eval", null));
    }

    @Test
    void givenSameIdempotencyKey_whenRetried_thenNothingNew() {
        fixture.given(
                        REGISTERED,
                        new ModelStageTransitionedEvent(
                                ModelVersionId.parse(ID), ModelStage.NONE, ModelStage.STAGING, "ok", "k-1"))
                .when(new TransitionModelStageCommand(ModelVersionId.parse(ID), ModelStage.STAGING, "ok", "k-1", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenStaleExpectedVersion_whenTransition_thenConflict() {
        // the caller saw version 0 (just registered); someone already promoted it (version 1)
        fixture.given(
                        REGISTERED,
                        new ModelStageTransitionedEvent(
                                ModelVersionId.parse(ID), ModelStage.NONE, ModelStage.STAGING, "a", null))
                .when(new TransitionModelStageCommand(ModelVersionId.parse(ID), ModelStage.PRODUCTION, "b", null, 0L))
                .expectNoEvents()
                .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
    }

    @Test
    void givenArchived_whenTransition_thenRefused_andSameStageRefused() {
        fixture.given(
                        REGISTERED,
                        new ModelStageTransitionedEvent(
                                ModelVersionId.parse(ID), ModelStage.NONE, ModelStage.ARCHIVED, "old", null))
                .when(new TransitionModelStageCommand(
                        ModelVersionId.parse(ID), ModelStage.PRODUCTION, "revive", null, null))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("ARCHIVED"));
        fixture.given(
                        REGISTERED,
                        new ModelStageTransitionedEvent(
                                ModelVersionId.parse(ID), ModelStage.NONE, ModelStage.STAGING, "x", null))
                .when(new TransitionModelStageCommand(
                        ModelVersionId.parse(ID), ModelStage.STAGING, "again", null, null))
                .expectException(CommandExecutionException.class);
    }
}
