package dev.provenant.messages.run;

/**
 * One likely cause of a replay verdict other than IDENTICAL, likeliest first in a verdict's list.
 * {@code kind} is one of {@code ENVIRONMENT} (a property of the environment fingerprint or a Python
 * package differs), {@code VARIABLE} (an environment variable differs), {@code UNDECLARED_INPUT}
 * (a file the original read without declaring it differs or is missing), {@code MISSING_FILE} (the
 * replay tried to read a file that was not there), {@code NONDETERMINISM} (the output differed
 * between two replays in the same conditions), {@code NETWORK}; {@code subject} names the thing
 * (a variable, a path, an output) and {@code detail} says how, e.g. {@code sha256:… → sha256:…}.
 */
public record VerdictCause(String kind, String subject, String detail) {}
