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

  /** JSON and form fields whose values are secrets. */
  private static final Pattern JSON_SECRET =
      Pattern.compile(
          "(\"(?:XfBytes|access_token|refresh_token|client_secret|password)\"\\s*:\\s*\")"
              + "(?:[^\"\\\\]|\\\\.)*\"",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern FORM_SECRET =
      Pattern.compile(
          "((?:^|&)(?:client_secret|refresh_token|password|assertion|client_assertion)=)[^&]*",
          Pattern.CASE_INSENSITIVE);

  /** The text with every secret value replaced by {@code ***}. */
  public static String redact(String text) {
    String s = JSON_SECRET.matcher(text).replaceAll("$1***\"");
    return FORM_SECRET.matcher(s).replaceAll("$1***");
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
