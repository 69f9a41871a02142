package io.cubesql.onestream.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

/**
 * The packaged shaded driver as a host application (a BI tool) loads it: a class loader holding
 * only the jar and what the host puts beside it (a connection pool's jar), with {@link
 * TraceCapture} as its SLF4J backend at TRACE; java.util.logging from a chosen level, and standard
 * output and error, are captured too (and no longer printed by java.util.logging's own handlers).
 * Everything captured goes to one {@link Sink}, an event or a write at a time, so that a short run
 * can keep it all ({@link Kept}) and a long one scan it as it goes. Shared by the reliability ITs;
 * {@link #close()} restores logging and output and closes the class loader.
 */
final class ShadedDriverHost implements AutoCloseable {
  static final String DRIVER_CLASS = "io.cubesql.onestream.jdbc.OneStreamDriver";

  /** Where a captured text came from. */
  enum Source {
    TRACE("SLF4J log (TRACE)"),
    JUL("java.util.logging"),
    STD("standard output and error");

    final String title;

    Source(String title) {
      this.title = title;
    }
  }

  /** Receives what is captured; called from any thread, so it must be thread-safe. */
  interface Sink {
    void accept(Source source, String text);
  }

  /** A sink that keeps every text, by source: for a run short enough to hold its whole log. */
  static final class Kept implements Sink {
    private final Map<Source, StringBuilder> texts = new EnumMap<>(Source.class);

    @Override
    public synchronized void accept(Source source, String text) {
      texts.computeIfAbsent(source, s -> new StringBuilder()).append(text);
    }

    synchronized String text(Source source) {
      StringBuilder b = texts.get(source);
      return b == null ? "" : b.toString();
    }
  }

  private final URLClassLoader loader;
  private final Driver driver;
  private final Sink sink;
  private Handler julHandler;
  private Level julLevel;
  private Handler[] julHandlers;
  private PrintStream out;
  private PrintStream err;

  private ShadedDriverHost(URLClassLoader loader, Sink sink) throws Exception {
    this.loader = loader;
    this.sink = sink;
    // Before the driver class loads, so that its first event reaches the sink.
    Consumer<String> trace = text -> sink.accept(Source.TRACE, text);
    type(TraceCapture.class.getName()).getMethod("sink", Consumer.class).invoke(null, trace);
    this.driver = (Driver) type(DRIVER_CLASS).getConstructor().newInstance();
    assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
  }

  /**
   * Loads the jar named by the system property {@code onestream.shadedJar} with {@code beside}
   * (more jars), lays out the SLF4J backend under {@code work}, and starts capturing into {@code
   * sink}: java.util.logging from {@code jul} up ({@link Level#ALL} for everything, OkHttp's task
   * runner included).
   */
  static ShadedDriverHost open(Path work, Sink sink, Level jul, Path... beside) throws Exception {
    Path jar = Path.of(System.getProperty("onestream.shadedJar"));
    assertThat(jar).isRegularFile();
    List<URL> urls = new ArrayList<>();
    urls.add(jar.toUri().toURL());
    for (Path p : beside) {
      urls.add(p.toUri().toURL());
    }
    urls.add(traceBackend(work.resolve("slf4j-backend")));
    URLClassLoader loader =
        new URLClassLoader(
            "reliability-host", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    ShadedDriverHost host;
    try {
      host = new ShadedDriverHost(loader, sink);
    } catch (Exception | Error e) {
      loader.close();
      throw e;
    }
    host.capture(jul);
    return host;
  }

  /** The driver, an instance of the class the isolated loader defined. */
  Driver driver() {
    return driver;
  }

  ClassLoader loader() {
    return loader;
  }

  /** The class {@code name} as the host sees it. */
  Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, true, loader);
  }

  /** java.util.logging from {@code level} up, and standard output and error, into the sink. */
  private void capture(Level level) {
    Logger root = Logger.getLogger("");
    julLevel = root.getLevel();
    // Captured, not printed as well: a test's planted leak would read like a real one in the log.
    julHandlers = root.getHandlers();
    for (Handler h : julHandlers) {
      root.removeHandler(h);
    }
    julHandler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            StringWriter w = new StringWriter();
            w.append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(' ');
            w.append(new SimpleFormatter().formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
              r.getThrown().printStackTrace(new PrintWriter(w));
            }
            sink.accept(Source.JUL, w.toString());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julHandler.setLevel(level);
    root.addHandler(julHandler);
    root.setLevel(level);
    out = System.out;
    err = System.err;
    System.setOut(new PrintStream(new Tee(out, sink), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, sink), true, StandardCharsets.UTF_8));
  }

  /** Stops capturing java.util.logging and standard output and error; idempotent. */
  void restoreOutput() {
    if (out != null) {
      System.setOut(out);
      System.setErr(err);
      out = null;
    }
    if (julHandler != null) {
      Logger root = Logger.getLogger("");
      root.removeHandler(julHandler);
      for (Handler h : julHandlers) {
        root.addHandler(h);
      }
      root.setLevel(julLevel);
      julHandler = null;
    }
  }

  @Override
  public void close() throws IOException {
    restoreOutput();
    loader.close();
  }

  /** Lays out {@link TraceCapture} as an SLF4J provider directory for the driver's class loader. */
  private static URL traceBackend(Path root) throws IOException, URISyntaxException {
    String name = TraceCapture.class.getName();
    Path source =
        Path.of(
                Objects.requireNonNull(TraceCapture.class.getResource("TraceCapture.class"))
                    .toURI())
            .getParent();
    Path target = root.resolve(TraceCapture.class.getPackageName().replace('.', '/'));
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("TraceCapture")).toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    Path services = root.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("org.slf4j.spi.SLF4JServiceProvider"), name + "\n");
    return root.toUri().toURL();
  }

  /** Writes to the real stream and, as text, to the sink. */
  private static final class Tee extends OutputStream {
    private final OutputStream real;
    private final Sink sink;

    Tee(OutputStream real, Sink sink) {
      this.real = real;
      this.sink = sink;
    }

    @Override
    public void write(int x) throws IOException {
      write(new byte[] {(byte) x}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      real.write(bytes, off, len);
      sink.accept(Source.STD, new String(bytes, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
      real.flush();
    }
  }
}
