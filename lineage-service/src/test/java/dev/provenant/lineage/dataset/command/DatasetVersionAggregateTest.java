package dev.provenant.lineage.dataset.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.messages.common.ErrorCode;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionRegisteredEvent;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetVersionAggregateTest {

    private static final DatasetVersionId ID = new DatasetVersionId("iris", "v1");
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String OTHER_DIGEST = "sha256:" + "b".repeat(64);

    private AggregateTestFixture<DatasetVersionAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DatasetVersionAggregate.class);
    }

    @Test
    void givenNothing_whenRegister_thenDatasetVersionRegistered() {
        fixture.givenNoPriorActivity()
                .when(RegisterDatasetVersionCommand.of(
                        ID, Sha256Digest.parse(DIGEST), 4551, "s3://raw/iris.csv", "Fisher's iris"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("dataset:iris@v1")
                .expectEvents(new DatasetVersionRegisteredEvent(
                        DatasetVersionId.parse("dataset:iris@v1"),
                        "iris",
                        "v1",
                        Sha256Digest.parse(DIGEST),
                        4551,
                        "s3://raw/iris.csv",
                        "Fisher's iris",
                        null));
    }

    @Test
    void givenRegistered_whenRegisterSameContentAgain_thenNothingNewIsRecorded() {
        fixture.given(new DatasetVersionRegisteredEvent(
                        DatasetVersionId.parse("dataset:iris@v1"),
                        "iris",
                        "v1",
                        Sha256Digest.parse(DIGEST),
                        4551,
                        null,
                        null,
                        null))
                .when(RegisterDatasetVersionCommand.of(ID, Sha256Digest.parse(DIGEST), 4551, null, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenRegistered_whenRegisterOtherContent_thenConflictNamesBothDigests() {
        fixture.given(new DatasetVersionRegisteredEvent(
                        DatasetVersionId.parse("dataset:iris@v1"),
                        "iris",
                        "v1",
                        Sha256Digest.parse(DIGEST),
                        4551,
                        null,
                        null,
                        null))
                .when(RegisterDatasetVersionCommand.of(ID, Sha256Digest.parse(OTHER_DIGEST), 4551, null, null, null))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString(DIGEST))
                .expectException(org.hamcrest.Matchers.hasProperty(
                        "details", org.hamcrest.Matchers.equalTo(java.util.Optional.of(ErrorCode.CONFLICT))));
    }

    @Test
    void givenMalformedDigest_whenBuildingCommand_thenRejectedWithFieldName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegisterDatasetVersionCommand.of(
                        ID, Sha256Digest.parse("sha256:xyz", "contentDigest"), 1, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contentDigest");
        assertThat(DatasetVersionId.parse("dataset:iris@v1")).isEqualTo(ID);
    }
}
