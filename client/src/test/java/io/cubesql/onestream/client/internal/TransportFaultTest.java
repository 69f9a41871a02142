package io.cubesql.onestream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * Each I/O failure maps to the kind a caller acts on, and every message names the route. No
 * network: the calls are never executed.
 */
class TransportFaultTest {
  private static final String ROUTE = "DataProvider/GetAdoDataSetForCubeViewCommand";
  private static final OkHttpClient HTTP = new OkHttpClient();

  private static Call call(boolean cancelled) {
    Call c = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:1/x").build());
    if (cancelled) {
      c.cancel();
    }
    return c;
  }

  private static ErrorKind kindOf(IOException e, boolean cancelled) {
    OneStreamException out = Transport.failure(call(cancelled), ROUTE, e);
    assertThat(out.route()).isEqualTo(ROUTE);
    assertThat(out.getMessage()).contains(ROUTE);
    assertThat(out.getCause()).isSameAs(e);
    return out.kind();
  }

  @Test
  void whileReadingTheAnswer() {
    assertThat(kindOf(new ProtocolException("unexpected end of stream"), false))
        .isEqualTo(ErrorKind.PROTOCOL);
    assertThat(kindOf(new JsonParseException(null, "Unexpected character '<'"), false))
        .isEqualTo(ErrorKind.PROTOCOL);
    assertThat(kindOf(new SocketException("Connection reset"), false))
        .isEqualTo(ErrorKind.PROTOCOL);
  }

  @Test
  void anAnswerCutShortSaysSo() {
    OneStreamException out =
        Transport.failure(call(false), ROUTE, new EOFException("\\n not found: limit=0 content=…"));
    assertThat(out.kind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(out.getMessage())
        .isEqualTo(
            ROUTE + " answer ended early: the connection closed before the end of the answer");
  }

  @Test
  void reachingTheServer() {
    assertThat(kindOf(new ConnectException("Connection refused"), false))
        .isEqualTo(ErrorKind.CONNECTION);
    assertThat(kindOf(new UnknownHostException("nowhere.invalid"), false))
        .isEqualTo(ErrorKind.CONNECTION);
    assertThat(kindOf(new SSLHandshakeException("PKIX path building failed"), false))
        .isEqualTo(ErrorKind.CONNECTION);
    assertThat(kindOf(new SocketTimeoutException("Connect timed out"), false))
        .isEqualTo(ErrorKind.CONNECTION);
  }

  @Test
  void timeOutsAndCancels() {
    assertThat(kindOf(new SocketTimeoutException("Read timed out"), false))
        .isEqualTo(ErrorKind.TIMEOUT);
    // OkHttp's call time-out cancels the call first: still a time-out, not a cancel.
    assertThat(kindOf(new InterruptedIOException("timeout"), true)).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(kindOf(new IOException("Canceled"), true)).isEqualTo(ErrorKind.CANCELLED);
    assertThat(kindOf(new SocketException("Socket closed"), true)).isEqualTo(ErrorKind.CANCELLED);
    assertThat(kindOf(new InterruptedIOException("interrupted"), false))
        .isEqualTo(ErrorKind.CANCELLED);
  }

  @Test
  void refusedConnectionFromExecuteIsConnection() {
    // Port 1 on the loopback address: refused at once, without leaving the machine.
    OneStreamException out =
        catchThrowableOfType(() -> Transport.execute(call(false), ROUTE), OneStreamException.class);
    assertThat(out.kind()).isEqualTo(ErrorKind.CONNECTION);
    assertThat(out.getMessage()).contains(ROUTE);
  }
}
