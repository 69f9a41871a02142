package io.cubesql.onestream.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Which server certificates a client trusts when it calls an https URL: the OneStream server and a
 * token endpoint alike. Three kinds:
 *
 * <ul>
 *   <li>{@link #jdk()}, the default: the JDK's trust store ({@code cacerts}, or the file of {@code
 *       -Djavax.net.ssl.trustStore}), as OkHttp's default client trusts.
 *   <li>{@link #trustStore}: exactly the certificates of a PKCS12, JKS or PEM file, <em>instead
 *       of</em> the JDK's (as {@code -Djavax.net.ssl.trustStore} and pgjdbc's {@code sslrootcert}
 *       do): a self-signed server certificate, or a company CA.
 *   <li>{@link #insecureTrustAllCertificates()}: any certificate for any host name. For development
 *       against a throw-away server only; the client logs a warning for each connection.
 * </ul>
 *
 * <p>Host names are verified except under {@link #insecureTrustAllCertificates()}. A trust store is
 * read once, when it is given: a missing file, a wrong password or a file that holds no certificate
 * fails at once, before any network call, with an {@link IllegalArgumentException} whose message
 * names the setting as the driver's connection properties do ({@code 'trustStore'}, {@code
 * 'trustStorePassword'}) and never the password. {@link #toString()} shows the kind and the file.
 */
public final class TlsTrust {
  /** The kinds of trust, from the safest. */
  public enum Kind {
    JDK,
    TRUST_STORE,
    INSECURE_TRUST_ALL
  }

  /** The trust store formats {@link #trustStore} reads; PEM also takes a DER certificate. */
  public static final List<String> TYPES = List.of("PKCS12", "JKS", "PEM");

  private static final TlsTrust JDK = new TlsTrust(Kind.JDK, null, null, 0, null, "JDK");

  private final Kind kind;
  private final Path file;
  private final String type;
  private final int certificates;
  private final X509TrustManager trustManager;
  private final SSLSocketFactory socketFactory;
  private final String identity;

  private TlsTrust(
      Kind kind,
      Path file,
      String type,
      int certificates,
      X509TrustManager trustManager,
      String identity) {
    this.kind = kind;
    this.file = file;
    this.type = type;
    this.certificates = certificates;
    this.trustManager = trustManager;
    this.socketFactory = trustManager == null ? null : socketFactory(trustManager);
    this.identity = identity;
  }

  /** The JDK's trust, with host names verified: OkHttp's default. */
  public static TlsTrust jdk() {
    return JDK;
  }

  /**
   * Exactly the certificates in {@code file}, in place of the JDK's; host names are verified.
   *
   * @param type PKCS12, JKS or PEM (certificates, PEM or DER); null reads it from the file
   * @param password the store's password; null for none (a PEM file has none)
   * @throws IllegalArgumentException when the file cannot be read, is not a trust store, does not
   *     open with {@code password}, or holds no certificate
   */
  public static TlsTrust trustStore(Path file, String type, Secret password) {
    if (file == null) {
      throw new IllegalArgumentException("'trustStore' must be a file");
    }
    String t = type == null ? null : type.toUpperCase(Locale.ROOT);
    if (t != null && !TYPES.contains(t)) {
      throw new IllegalArgumentException(
          "'trustStoreType' value is invalid: " + type + " (expected one of " + TYPES + ")");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("'trustStore' " + file + " is not a readable file");
    }
    char[] pass = password == null ? null : password.reveal().toCharArray();
    Loaded loaded = load(file, t, pass);
    KeyStore store = loaded.store();
    List<byte[]> certificates = certificates(store, file);
    int count = certificates.size();
    if (count == 0) {
      throw new IllegalArgumentException(
          "'trustStore' "
              + file
              + " holds no certificate"
              + (password == null
                  ? " that opens without a password: a PKCS12 file written by keytool needs"
                      + " 'trustStorePassword'"
                  : ""));
    }
    return new TlsTrust(
        Kind.TRUST_STORE,
        file,
        loaded.type(),
        count,
        trustManagerOf(store, file),
        identity(certificates));
  }

  /**
   * Any certificate, for any host name: anyone on the network path can read and change the traffic,
   * tokens included. For development against a throw-away server only.
   */
  public static TlsTrust insecureTrustAllCertificates() {
    return new TlsTrust(Kind.INSECURE_TRUST_ALL, null, null, 0, new TrustEverything(), null);
  }

  public Kind kind() {
    return kind;
  }

  /** The trust store file; null unless {@link Kind#TRUST_STORE}. */
  public Path trustStore() {
    return file;
  }

  /** The trust store's format as read (PKCS12, JKS or PEM); null unless a trust store. */
  public String trustStoreType() {
    return type;
  }

  /**
   * What tells this trust from another when OAuth2 tokens are shared between connections: {@code
   * JDK}, or for a trust store a SHA-256 digest of its certificates (two reads of one store, or two
   * files with the same certificates, match); null under {@link #insecureTrustAllCertificates()},
   * whose tokens are never shared.
   */
  public String identity() {
    return identity;
  }

  /** The trust manager to use; null for {@link Kind#JDK}, whose OkHttp builds its own. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** A socket factory that trusts as {@link #trustManager()}; null for {@link Kind#JDK}. */
  public SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /** Whether a server's certificate must name the host called: false only when trusting all. */
  public boolean verifiesHostnames() {
    return kind != Kind.INSECURE_TRUST_ALL;
  }

  @Override
  public String toString() {
    switch (kind) {
      case TRUST_STORE:
        return "TlsTrust[trustStore "
            + file
            + " ("
            + type
            + ", "
            + certificates
            + (certificates == 1 ? " certificate" : " certificates")
            + ")]";
      case INSECURE_TRUST_ALL:
        return "TlsTrust[INSECURE: any certificate, any host name]";
      default:
        return "TlsTrust[JDK]";
    }
  }

  /** A trust store as read, and its format. */
  private record Loaded(KeyStore store, String type) {}

  private static Loaded load(Path file, String type, char[] password) {
    if ("PEM".equals(type)) {
      return certificatesOf(file, type);
    }
    try {
      if (type != null) {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, password);
        }
        return new Loaded(store, type);
      }
      KeyStore store;
      try {
        store = KeyStore.getInstance(file.toFile(), password);
      } catch (KeyStoreException e) {
        // Not a key store format the JDK knows (it probes PKCS12 and JKS): a certificate file?
        return certificatesOf(file, null);
      }
      return new Loaded(store, store.getType().toUpperCase(Locale.ROOT));
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            "'trustStorePassword' does not open the trust store "
                + file
                + (password == null ? " (none was given)" : "")
                + ": "
                + e.getMessage());
      }
      throw notATrustStore(file, type, e);
    } catch (IllegalArgumentException e) {
      throw e; // said already, by certificatesOf
    } catch (GeneralSecurityException | RuntimeException e) {
      throw notATrustStore(file, type, e);
    }
  }

  /** The X.509 certificates of a PEM (or DER) file, as an in-memory key store. */
  private static Loaded certificatesOf(Path file, String askedType) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      throw notATrustStore(file, askedType, e);
    }
    if (certificates.isEmpty()) {
      throw notATrustStore(file, askedType, new CertificateException("no certificate in it"));
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("certificate-" + i++, c);
      }
      return new Loaded(store, "PEM");
    } catch (IOException | GeneralSecurityException e) {
      throw notATrustStore(file, "PEM", e);
    }
  }

  private static IllegalArgumentException notATrustStore(Path file, String type, Exception e) {
    return new IllegalArgumentException(
        "'trustStore' "
            + file
            + " is not "
            + (type == null ? "a PKCS12, JKS or PEM trust store" : "a " + type + " trust store")
            + ": "
            + e.getMessage());
  }

  /** The DER encoding of each certificate in {@code store}. */
  private static List<byte[]> certificates(KeyStore store, Path file) {
    try {
      List<byte[]> out = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        Certificate c = store.getCertificate(alias);
        if (c != null) {
          out.add(c.getEncoded());
        }
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw notATrustStore(file, null, e);
    }
  }

  /** A digest of {@code certificates} that does not depend on their order or aliases. */
  private static String identity(List<byte[]> certificates) {
    try {
      List<String> each = new ArrayList<>();
      for (byte[] c : certificates) {
        each.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c)));
      }
      Collections.sort(each);
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      each.forEach(h -> all.update(h.getBytes(StandardCharsets.US_ASCII)));
      return "sha256:" + HexFormat.of().formatHex(all.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static X509TrustManager trustManagerOf(KeyStore store, Path file) {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      for (TrustManager m : f.getTrustManagers()) {
        if (m instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("The JDK made no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw notATrustStore(file, null, e);
    }
  }

  private static SSLSocketFactory socketFactory(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK cannot make a TLS context", e);
    }
  }

  /**
   * Trusts every chain. An {@link X509ExtendedTrustManager}, so that the JDK adds no check of its
   * own around it (it wraps a plain {@link X509TrustManager} in one that checks algorithms).
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return NONE;
    }
  }
}
