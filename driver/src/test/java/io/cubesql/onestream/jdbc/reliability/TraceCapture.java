package io.cubesql.onestream.jdbc.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
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
 * An SLF4J backend that formats every event, at every level from TRACE up, as text and hands it to
 * one sink: the logging backend a host application puts beside the shaded driver jar. {@link
 * ShadedDriverHost} loads it in the driver's own class loader (next to the jar's unrelocated SLF4J
 * API), never on the test class path, and sets the sink there by reflection before the driver logs
 * anything. Nothing is kept here, so that a long run can scan its log as it goes.
 */
public final class TraceCapture implements SLF4JServiceProvider {
  private static volatile Consumer<String> sink = text -> {};

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final ILoggerFactory loggers = CapturingLogger::new;

  /**
   * Where each event goes from now on: one line, then a throwable's stack trace after it. Called
   * from every thread that logs.
   */
  public static void sink(Consumer<String> to) {
    sink = to;
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
    sink.accept(line.toString());
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
