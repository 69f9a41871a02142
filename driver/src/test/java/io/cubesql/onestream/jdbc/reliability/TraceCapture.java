package io.cubesql.onestream.jdbc.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J backend that keeps every event, at every level from TRACE up, as text: the logging
 * backend a host application puts beside the shaded driver jar. {@link FaultMatrixIT} loads it in
 * the driver's own class loader (next to the jar's unrelocated SLF4J API), never on the test class
 * path, and reads the text back through {@link #text()} by reflection.
 */
public final class TraceCapture implements SLF4JServiceProvider {
  private static final StringBuilder TEXT = new StringBuilder();
  private static long events;

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final ILoggerFactory loggers = CapturingLogger::new;

  /** Everything logged so far, one event a line, a throwable's stack trace after its line. */
  public static String text() {
    synchronized (TEXT) {
      return TEXT.toString();
    }
  }

  /** How many events were logged. */
  public static long events() {
    synchronized (TEXT) {
      return events;
    }
  }

  static void append(Level level, String logger, String message, Throwable t) {
    StringBuilder line = new StringBuilder();
    line.append(level)
        .append(' ')
        .append(logger)
        .append(" [")
        .append(Thread.currentThread().getName());
    line.append("] ").append(message).append('\n');
    if (t != null) {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      line.append(w);
    }
    synchronized (TEXT) {
      TEXT.append(line);
      events++;
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** A logger with every level on, writing to the shared text. */
  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      append(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
    }
  }
}
