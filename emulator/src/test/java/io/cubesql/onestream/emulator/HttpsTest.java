package io.cubesql.onestream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a keystore made by the JDK's keytool, called by a client that trusts it. */
class HttpsTest {
  @TempDir Path dir;

  @Test
  void servesHttps() throws Exception {
    Path keystore = dir.resolve("emulator.p12");
    String password = "changeit-test";
    SelfSignedKeys.create(keystore, password, "CN=localhost", "ip:127.0.0.1,dns:localhost");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trust.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);

    try (OneStreamEmulator emulator =
        OneStreamEmulator.builder()
            .applicationHost(s -> new FakeHost())
            .keystore(keystore, password)
            .start()) {
      assertThat(emulator.baseUrl()).startsWith("https://127.0.0.1:");
      TestClient client = new TestClient(emulator, HttpClient.newBuilder().sslContext(ssl).build());
      String si = client.session(emulator.adminPat(), "GolfStream");
      HttpResponse<String> r = client.app("Analytics/GetCubeList", emulator.adminPat(), si, "");
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
