package io.cubesql.onestream.client;

/**
 * What went wrong with a call, in the terms a caller acts on; the driver maps each to a SQLState.
 */
public enum ErrorKind {
  /** The token or the session was refused (401), or the token endpoint refused the client. */
  AUTHENTICATION,
  /** The user lacks a role or the application is not authorized (403). */
  PERMISSION,
  /** The route, cube view, adapter or request id does not exist (404, or 400 saying so). */
  NOT_FOUND,
  /** The request is invalid (400), or a value cannot be expressed safely. */
  BAD_REQUEST,
  /** The work is already running (409). */
  CONFLICT,
  /** The server or a gateway asked to slow down (429, 503) and retries ran out. */
  THROTTLED,
  /** The server failed (500 and other 5xx). */
  SERVER,
  /** The answer was truncated, malformed, or not what the API documents. */
  PROTOCOL,
  /**
   * The server could not be reached (refused, unknown host, TLS, connect time-out), or the
   * connection was lost before any answer.
   */
  CONNECTION,
  /** A read or the whole call took longer than allowed, or polling timed out. */
  TIMEOUT,
  /** The caller cancelled the call, or closed its row stream. */
  CANCELLED;

  /** The kind for an HTTP status answered by the server. */
  public static ErrorKind forStatus(int status) {
    switch (status) {
      case 400:
        return BAD_REQUEST;
      case 401:
        return AUTHENTICATION;
      case 403:
        return PERMISSION;
      case 404:
      case 405:
        return NOT_FOUND;
      case 409:
        return CONFLICT;
      case 429:
        return THROTTLED;
      case 503:
        return THROTTLED;
      default:
        return status >= 500 ? SERVER : PROTOCOL;
    }
  }
}
