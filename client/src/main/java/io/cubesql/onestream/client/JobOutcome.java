package io.cubesql.onestream.client;

/**
 * How a DataManagement sequence or step ended: the server's message, and the request id when the
 * server ran it as a long-running call (7.2.0 call state, onestream-api.md §6 [ASSUMED]).
 *
 * @param message the server's message, such as {@code Data Management Sequence [X] was completed}
 * @param requestId the request id followed to completion, or null for a synchronous answer
 */
public record JobOutcome(String message, String requestId) {}
