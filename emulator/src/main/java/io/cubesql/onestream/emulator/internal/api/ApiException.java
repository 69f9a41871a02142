package io.cubesql.onestream.emulator.internal.api;

/**
 * An error answered as onestream-api.md §7: an HTTP status with a body {@code {"Message": ...}}
 * and, when set, {@code "Detail"}. Messages never carry a token or a SessionInfo.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String detail;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, String detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public static ApiException serverError(String message, String detail) {
    return new ApiException(500, message, detail);
  }

  public int status() {
    return status;
  }

  /** The ASP.NET-style {@code Detail}, or null. */
  public String detail() {
    return detail;
  }
}
