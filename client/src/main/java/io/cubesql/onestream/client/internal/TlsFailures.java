package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.TlsTrust;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;

/**
 * Says in one sentence why a TLS handshake failed and what to do: an untrusted certificate (the
 * JDK's "PKIX path building failed") points to {@code trustStore}, a certificate for another host
 * name to the names it lists, a server that does not speak TLS to http. The JDK's and OkHttp's own
 * message is kept in brackets, on one line; none of them holds a secret.
 */
final class TlsFailures {
  private TlsFailures() {}

  /**
   * @param url the URL called, for its host and port; null when unknown
   * @param trust the trust the client used; null when unknown
   */
  static String describe(SSLException e, HttpUrl url, TlsTrust trust) {
    String where = url == null ? "the server" : url.host() + ":" + url.port();
    String said = oneLine(e.getMessage());
    if (has(e, CertificateExpiredException.class)
        || has(e, CertificateNotYetValidException.class)) {
      return "the certificate of " + where + " has expired or is not yet valid (" + said + ")";
    }
    if (e instanceof SSLPeerUnverifiedException && said.startsWith("Hostname ")) {
      // OkHttp's host name check: the certificate is trusted but names other hosts.
      return "the certificate of "
          + where
          + " does not name host "
          + (url == null ? "called" : url.host())
          + " ("
          + said
          + "): connect by a name the certificate lists";
    }
    if (has(e, CertPathBuilderException.class)
        || has(e, CertPathValidatorException.class)
        || has(e, CertificateException.class)
        || said.contains("PKIX path")) {
      if (trust != null && trust.kind() == TlsTrust.Kind.TRUST_STORE) {
        return "the certificate of "
            + where
            + " is not trusted ("
            + said
            + "): trustStore "
            + trust.trustStore()
            + " must hold the server's certificate or that of the CA that issued it";
      }
      return "the certificate of "
          + where
          + " is not trusted"
          + (trust == null ? "" : " by the JDK's trust store")
          + " ("
          + said
          + "): set trustStore to a file that holds the server's certificate or that of the CA"
          + " that issued it";
    }
    if (said.contains("Unsupported or unrecognized SSL message")
        || said.contains("plaintext connection")) {
      return where + " does not answer in TLS (" + said + "): is it an http server (ssl=false)?";
    }
    return "the TLS handshake with " + where + " failed (" + e + ")";
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
