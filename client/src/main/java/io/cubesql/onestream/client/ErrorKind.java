package io.cubesql.onestream.client;

/**
 * What went wrong with a call, in the terms a caller acts on; the driver maps each to a SQLState.
 */
public enum ErrorKind {
  /** The token or the session was refused (401), or the token endpoint refused the client. */
  AUTHENTICATION,
  /** The user lacks a role or the application is not authorized (403). */
  PERMISSION,
  /** The route, cube view, adapter or member does not exist (404, or 400 saying so). */
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
  CANCELLED,
  /**
   * The server no longer holds a request it answered with a request id: a 400 or 404 on {@code
   * Analytics/GetDataRequest}, whose only input is that id, so the id expired or the server
   * restarted. Reading again means sending the original request again; work the id named (Data
   * Management) may have ended or may still be running.
   */
  REQUEST_EXPIRED;

  /**
   * The kind for an HTTP status that {@code route} ({@code Service/Action}) answered: as {@link
   * #forStatus(int)}, except that a 400 or 404 on {@code Analytics/GetDataRequest} is {@link
   * #REQUEST_EXPIRED}. That route pages and polls a request id the server itself gave (onestream-
   * api.md §6), so refusing it is never about the caller's input; the server's text is not looked
   * at.
   */
  public static ErrorKind forStatus(String route, int status) {
    if ((status == 400 || status == 404) && Route.DATA_REQUEST.path().equalsIgnoreCase(route)) {
      return REQUEST_EXPIRED;
    }
    return forStatus(status);
  }

  /** The kind for an HTTP status answered by the server, whatever the route. */
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
