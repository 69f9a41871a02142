package io.cubesql.onestream.client;

/**
 * Where a DataManagement sequence or step stands (onestream-api.md §5, §6).
 *
 * @param requestId the request id of a long-running call (7.2.0 call state [ASSUMED]), or null when
 *     the server answered synchronously
 * @param state {@code Completed}, or the server's {@code Status} while it runs (such as {@code
 *     Running})
 * @param message the server's message once completed, such as {@code Data Management Sequence [X]
 *     was completed}; null while it runs
 */
public record JobStatus(String requestId, String state, String message) {
  /** The state of finished work. */
  public static final String COMPLETED = "Completed";

  public boolean completed() {
    return COMPLETED.equalsIgnoreCase(state);
  }
}
