package dev.provenant.messages.run;

/** One run by id ({@code run:<id>}); answered with an optional {@link RunView}. */
public record FindRunQuery(RunId runId) {}
