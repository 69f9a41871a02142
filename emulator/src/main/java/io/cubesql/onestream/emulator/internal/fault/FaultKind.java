package io.cubesql.onestream.emulator.internal.fault;

/** What an injected fault does to one request. */
public enum FaultKind {
  /** Delays the answer by the rule's {@code latencyMs}; the request then runs normally. */
  LATENCY,
  /** 429 Too Many Requests with {@code Retry-After}, as a gateway answers [ASSUMED, §7]. */
  HTTP_429,
  /** 503 Service Unavailable with {@code Retry-After} [ASSUMED, onestream-api.md §7]. */
  HTTP_503,
  /** 500 with OneStream's generic message, before the request runs. */
  HTTP_500,
  /**
   * The bearer token expires early: an OAuth or IdentityServer access token is expired before the
   * call and stays expired; a PAT is refused for this one call. The call answers 401.
   */
  TOKEN_EXPIRY,
  /** The SessionInfo in the body is expired before the call, which answers 401. */
  SI_EXPIRY,
  /** The real answer is sent with its full Content-Length, cut short, then the connection drops. */
  TRUNCATED_BODY,
  /** The real answer is corrupted so it is no longer valid JSON (correct Content-Length). */
  MALFORMED_JSON,
  /**
   * The request runs, and the body of its answer is the JSON literal {@code null} (status kept):
   * how a server writes an empty DataProvider result [CLIENT, onestream-api.md §4]. Where the API
   * answers an envelope, a SessionInfo or a message, a client must refuse it.
   */
  NULL_BODY,
  /** The connection is dropped without any answer. */
  CONNECTION_RESET
}
