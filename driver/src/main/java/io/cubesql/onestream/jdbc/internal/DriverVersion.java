package io.cubesql.onestream.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The driver's version, from the POM (a resource Maven filters at build time). */
public final class DriverVersion {
  /** Such as {@code 0.1.0-SNAPSHOT}. */
  public static final String VERSION = load();

  public static final int MAJOR = part(0);
  public static final int MINOR = part(1);

  private DriverVersion() {}

  private static String load() {
    try (InputStream in =
        DriverVersion.class.getResourceAsStream("/io/cubesql/onestream/jdbc/driver.properties")) {
      if (in == null) {
        throw new IllegalStateException("driver.properties is missing from the driver's jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Part {@code index} of the dotted version, 0 when it is missing or not a number. */
  private static int part(int index) {
    String[] parts = VERSION.split("[.-]");
    try {
      return index < parts.length ? Integer.parseInt(parts[index]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
