package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for work another thread is doing on our behalf (a token request, a Logon): the single
 * flight that keeps N concurrent callers from sending N identical requests.
 */
public final class Flight {
  private Flight() {}

  /**
   * The result of {@code flight}; its failure is rethrown as a new exception of the same kind and
   * message, so that the stack trace shows the waiting thread and the cause the one that failed.
   *
   * @param what what is awaited, for the message when the wait is interrupted
   */
  public static <T> T await(CompletableFuture<T> flight, String what) throws OneStreamException {
    try {
      return flight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OneStreamException.of(ErrorKind.CANCELLED, null, "Interrupted waiting for " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof OneStreamException o) {
        throw OneStreamException.restating(o.kind(), o.getMessage(), o);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(what + " failed", cause);
    }
  }
}
