package io.cubesql.onestream.client;

import java.io.IOException;

/**
 * The one exception of the client: what failed (a classification), and where the server said so the
 * HTTP status, OneStream's {@code Message} and the ASP.NET {@code Detail}, and the route. Messages
 * never contain a token, a secret or a SessionInfo.
 */
public final class OneStreamException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final int httpStatus;
  private final String serverMessage;
  private final String detail;
  private final String route;

  private OneStreamException(
      ErrorKind kind,
      String message,
      int httpStatus,
      String serverMessage,
      String detail,
      String route,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
    this.detail = detail;
    this.route = route;
  }

  /** An error the client found itself (no HTTP answer, or an answer it cannot use). */
  public static OneStreamException of(ErrorKind kind, String route, String message) {
    return new OneStreamException(kind, message, 0, null, null, route, null);
  }

  /** As {@link #of(ErrorKind, String, String)}, with the cause. */
  public static OneStreamException of(
      ErrorKind kind, String route, String message, Throwable cause) {
    return new OneStreamException(kind, message, 0, null, null, route, cause);
  }

  /**
   * An error that restates an error answer (say, after retries ran out): the kind and message are
   * new; the status, {@code Message}, {@code Detail} and route are the answer's, which is the
   * cause.
   */
  public static OneStreamException restating(
      ErrorKind kind, String message, OneStreamException answer) {
    return new OneStreamException(
        kind,
        message,
        answer.httpStatus,
        answer.serverMessage,
        answer.detail,
        answer.route,
        answer);
  }

  /**
   * This error with every literal occurrence of {@code secrets} (a bearer token, a SessionInfo)
   * replaced by {@code ***} in its message, {@code Message} and {@code Detail}: a server may echo
   * what it was sent. Patterns in {@code RedactingLogger} catch the shapes; this catches the
   * values.
   */
  public OneStreamException scrubbed(String... secrets) {
    String message = getMessage();
    String server = serverMessage;
    String det = detail;
    boolean changed = false;
    for (String secret : secrets) {
      if (secret == null || secret.length() < 8) {
        continue;
      }
      changed |= contains(message, secret) || contains(server, secret) || contains(det, secret);
      message = replace(message, secret);
      server = replace(server, secret);
      det = replace(det, secret);
    }
    if (!changed) {
      return this;
    }
    OneStreamException e =
        new OneStreamException(kind, message, httpStatus, server, det, route, null);
    e.setStackTrace(getStackTrace());
    return e;
  }

  private static boolean contains(String text, String secret) {
    return text != null && text.contains(secret);
  }

  private static String replace(String text, String secret) {
    return text == null ? null : text.replace(secret, "***");
  }

  /**
   * An error answer: {@code Message} first, then {@code Detail}, then the status line, as
   * OneStream's own clients read them (onestream-api.md §7); its kind by the status and the route
   * ({@link ErrorKind#forStatus(String, int)}).
   */
  public static OneStreamException fromResponse(
      String route, int status, String reason, String serverMessage, String detail) {
    String text =
        serverMessage != null && !serverMessage.isBlank()
            ? serverMessage
            : detail != null && !detail.isBlank()
                ? detail
                : "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
    String message = (route == null ? "" : route + ": ") + text + " (HTTP " + status + ")";
    return new OneStreamException(
        ErrorKind.forStatus(route, status), message, status, serverMessage, detail, route, null);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The HTTP status of the error answer; 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** OneStream's {@code Message}, or null. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The ASP.NET {@code Detail}, or null. */
  public String detail() {
    return detail;
  }

  /** The route ({@code Service/Action}, or a token endpoint), or null. */
  public String route() {
    return route;
  }
}
