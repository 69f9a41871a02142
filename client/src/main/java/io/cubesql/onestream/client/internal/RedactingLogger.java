package io.cubesql.onestream.client.internal;

import java.io.IOException;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each HTTP exchange through SLF4J: at DEBUG the method, path, status, time and size; at TRACE
 * also the request body with every {@code XfBytes} value and every secret field replaced. It never
 * logs a header (the {@code Authorization} header holds the token) nor a response body.
 */
public final class RedactingLogger implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("io.cubesql.onestream.client.http");

  /**
   * JSON string fields whose values are secrets: {@code XfBytes} (the SessionInfo, at any depth)
   * and any key naming a token, secret, password, assertion or authorization, in any case. The
   * value may hold escaped quotes.
   */
  private static final Pattern JSON_SECRET =
      Pattern.compile(
          "(\"(?:si|[^\"\\\\]*(?:xfbytes|token|secret|password|assertion|authorization)"
              + "[^\"\\\\]*)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\"",
          Pattern.CASE_INSENSITIVE);

  /** Form fields (token requests) whose values are secrets. */
  private static final Pattern FORM_SECRET =
      Pattern.compile(
          "((?:^|&)(?:[^=&]*(?:secret|token|password|assertion|code_verifier|xfbytes)[^=&]*"
              + "|code)=)[^&]*",
          Pattern.CASE_INSENSITIVE);

  /**
   * Credentials written the way an {@code Authorization} header carries them; 16 characters at
   * least, so that prose such as "Basic authentication" survives.
   */
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("\\b(bearer|basic)(:?\\s+)[A-Za-z0-9._~+/=-]{16,}", Pattern.CASE_INSENSITIVE);

  /**
   * The text with every secret value replaced by {@code ***}: JSON fields, form fields and {@code
   * Bearer}/{@code Basic} credentials. Over-redacting a harmless value is accepted.
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = JSON_SECRET.matcher(text).replaceAll("$1***\"");
    s = FORM_SECRET.matcher(s).replaceAll("$1***");
    return AUTH_SCHEME.matcher(s).replaceAll("$1$2***");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    long start = System.nanoTime();
    if (LOG.isTraceEnabled() && request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      LOG.trace(
          "{} {} body {}",
          request.method(),
          request.url().encodedPath(),
          redact(buffer.readUtf8()));
    }
    try {
      Response response = chain.proceed(request);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{} {} -> {} in {} ms ({} bytes)",
            request.method(),
            request.url().encodedPath(),
            response.code(),
            (System.nanoTime() - start) / 1_000_000,
            response.body() == null ? 0 : response.body().contentLength());
      }
      return response;
    } catch (IOException e) {
      LOG.debug(
          "{} {} failed: {}",
          request.method(),
          request.url().encodedPath(),
          e.getClass().getSimpleName());
      throw e;
    }
  }
}
