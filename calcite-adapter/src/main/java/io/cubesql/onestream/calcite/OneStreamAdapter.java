package io.cubesql.onestream.calcite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.DbLocation;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.OneStreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one connection's schemas share: the API client, the metadata cache, the threads that
 * send a statement's requests in parallel, and the watcher that stops a cancelled or timed-out
 * statement's HTTP calls. Closing it stops the threads; it does not close the client.
 */
public final class OneStreamAdapter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OneStreamAdapter.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final OneStreamClient client;
  private final OneStreamAdapterOptions options;
  private final Cache<Object, Object> metadata;
  private final ResultCache resultCache;
  private final Cache<String, Instant> submitted =
      Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(Duration.ofDays(1)).build();
  private final Set<RequestEnumerator> active = ConcurrentHashMap.newKeySet();

  /** Who hears each statement's progress, by the statement's cancel flag (compared by identity). */
  private final Map<AtomicBoolean, Consumer<String>> listeners = new ConcurrentHashMap<>();

  private volatile ExecutorService executor;
  private ScheduledExecutorService watcher;
  private ScheduledFuture<?> sweeping;
  private volatile boolean closed;

  OneStreamAdapter(OneStreamClient client, OneStreamAdapterOptions options) {
    this.client = client;
    this.options = options;
    this.resultCache =
        options.resultCache() == null
            ? null
            : new ResultCache(options.resultCache(), options.ticker());
    this.metadata = Caffeine.from(options.metadataCache()).ticker(options.ticker()).build();
  }

  OneStreamClient client() {
    return client;
  }

  public OneStreamAdapterOptions options() {
    return options;
  }

  /** The cache of answers, or null when it is off (the default). */
  ResultCache resultCache() {
    return resultCache;
  }

  /** Records that this connection sent the work with request id {@code requestId} at {@code at}. */
  void submitted(String requestId, Instant at) {
    if (requestId != null) {
      submitted.put(requestId, at);
    }
  }

  /** When this connection sent the work with request id {@code requestId}, or null. */
  Instant submittedAt(String requestId) {
    return requestId == null ? null : submitted.getIfPresent(requestId);
  }

  /** Forgets every cached name and shape, so that the next statement asks the server again. */
  public void invalidateMetadata() {
    metadata.invalidateAll();
  }

  // ------------------------------------------------------------------------------ progress

  /**
   * Tells {@code listener} the progress of the statement whose Calcite cancel flag is {@code
   * statementFlag} (the flag is how a scan knows its statement): Data Management states, polls and
   * pages. The JDBC driver turns them into {@code SQLWarning}s. Called on the threads that make the
   * calls; {@code listener} must be quick and thread-safe.
   */
  public void listen(AtomicBoolean statementFlag, Consumer<String> listener) {
    listeners.put(statementFlag, listener);
  }

  /** Stops telling the statement of {@code statementFlag} its progress. */
  public void unlisten(AtomicBoolean statementFlag) {
    listeners.remove(statementFlag);
  }

  /**
   * Logs {@code message} at INFO and tells the statement of {@code statementFlag}, if it listens.
   */
  void progress(AtomicBoolean statementFlag, String message) {
    LOG.info(message);
    Consumer<String> listener = statementFlag == null ? null : listeners.get(statementFlag);
    if (listener != null) {
      listener.accept(message);
    }
  }

  // ------------------------------------------------------------------------------ metadata

  /** Memoizes {@code loader}'s answer under {@code key} in the metadata cache. */
  @SuppressWarnings("unchecked")
  <T> T cached(Object key, Supplier<T> loader) {
    return (T) metadata.get(key, k -> loader.get());
  }

  /** The cubes of the application ({@code Analytics/GetCubeList}), in the server's order. */
  List<String> cubes() {
    return cached(
        "cubes",
        () ->
            read(
                "list the cubes",
                () -> client.cubeList(),
                r -> {
                  Object name = r.get("CubeName");
                  return name == null ? r.get("Name") : name;
                }));
  }

  /** The cube the {@code dimensions} schema describes: the application's first cube. */
  String defaultCube() {
    List<String> cubes = cubes();
    if (cubes.isEmpty()) {
      throw new OneStreamAdapterException(
          "42S02", "The application has no cube, so it has no dimensions to show");
    }
    return cubes.get(0);
  }

  /**
   * The members of one dimension of {@code cube}, descriptions not needed (the cube tables check
   * member names against them): those cached with descriptions if there are, else read without.
   */
  DimensionTable.Members members(String cube, String dimension) {
    return members(cube, dimension, false);
  }

  /**
   * The members of one dimension of {@code cube}, as the {@code dimensions} tables show them; with
   * {@code descriptions} false, the {@code Description} of each may be null. Descriptions are asked
   * for only when needed, and an answer with them serves a read without.
   */
  DimensionTable.Members members(String cube, String dimension, boolean descriptions) {
    List<Object> described = List.of("members", cube, dimension, true);
    if (!descriptions) {
      Object withDescriptions = metadata.getIfPresent(described);
      if (withDescriptions != null) {
        return (DimensionTable.Members) withDescriptions;
      }
    }
    return cached(
        descriptions ? described : List.of("members", cube, dimension, false),
        () -> {
          try (DataSetReader r = client.dimensionHierarchy(cube, dimension, "All", descriptions)) {
            return DimensionTable.Members.read(r);
          } catch (OneStreamException e) {
            throw unchecked("read the members of dimension " + dimension, e);
          }
        });
  }

  /**
   * The cube views of the application, from the administrator SQL endpoint (onestream-api.md §4
   * [CLIENT]: {@code cubeviewitem (Name)}); their parameters and defaults where the server's table
   * has them [ASSUMED]. Without the Administrator role the list is empty (and a warning logged).
   */
  List<CubeViewTable.Definition> cubeViews() {
    return cached(
        "cubeviews",
        () -> {
          if (options.model() != null) {
            return CubeViewTable.Definition.readModel(options.model());
          }
          try (DataSetReader r =
              client.sql("SELECT * FROM cubeviewitem", DbLocation.APPLICATION, null, null, null)) {
            List<CubeViewTable.Definition> out = new ArrayList<>();
            while (r.nextRow()) {
              out.add(CubeViewTable.Definition.of(r.row()));
            }
            return List.copyOf(out);
          } catch (OneStreamException e) {
            if (e.kind() == ErrorKind.PERMISSION) {
              LOG.warn(
                  "Cube views cannot be listed without the Administrator role; schema "
                      + OneStreamSchemas.CUBE_VIEWS
                      + " is empty: list them in a model file (connection property model)");
              return List.of();
            }
            throw unchecked("list the cube views", e);
          }
        });
  }

  private interface Open {
    DataSetReader open() throws OneStreamException;
  }

  private interface Pick {
    Object pick(DataSetReader r);
  }

  private List<String> read(String what, Open open, Pick pick) {
    try (DataSetReader r = open.open()) {
      List<String> out = new ArrayList<>();
      while (r.nextRow()) {
        Object v = pick.pick(r);
        if (v != null) {
          out.add(v.toString());
        }
      }
      return List.copyOf(out);
    } catch (OneStreamException e) {
      throw unchecked(what, e);
    }
  }

  /** A client failure as an unchecked exception that keeps it as the cause (the driver maps it). */
  static RuntimeException unchecked(String what, OneStreamException e) {
    return new IllegalStateException("Could not " + what + ": " + e.getMessage(), e);
  }

  // ------------------------------------------------------------------------------ threads

  /** The threads that send requests ahead of the reader (daemons, created on first use). */
  ExecutorService executor() {
    ExecutorService e = executor;
    if (e == null) {
      synchronized (this) {
        if (executor == null) {
          executor = Executors.newCachedThreadPool(daemons("onestream-request"));
        }
        e = executor;
      }
    }
    return e;
  }

  /**
   * Watches {@code e} for cancellation and time-out until it is closed. The watcher looks every 20
   * ms, and only while some statement of this connection is reading: an idle connection costs no
   * wake-ups.
   */
  void watch(RequestEnumerator e) {
    active.add(e);
    synchronized (this) {
      if (sweeping == null && !closed) {
        if (watcher == null) {
          watcher = Executors.newSingleThreadScheduledExecutor(daemons("onestream-watcher"));
        }
        sweeping = watcher.scheduleWithFixedDelay(this::sweep, 20, 20, TimeUnit.MILLISECONDS);
      }
    }
  }

  void unwatch(RequestEnumerator e) {
    active.remove(e);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (RequestEnumerator e : active) {
      try {
        if (e.checkFromWatcher(now)) {
          active.remove(e);
        }
      } catch (RuntimeException ex) {
        LOG.warn("Could not stop a statement's calls", ex);
      }
    }
    synchronized (this) {
      // Checked under the lock that watch() adds under, so that no statement goes unwatched.
      if (active.isEmpty() && sweeping != null) {
        sweeping.cancel(false);
        sweeping = null;
      }
    }
  }

  private static ThreadFactory daemons(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    ExecutorService e;
    ScheduledExecutorService w;
    synchronized (this) {
      closed = true;
      e = executor;
      w = watcher;
    }
    if (e != null) {
      e.shutdownNow();
    }
    if (w != null) {
      w.shutdownNow();
    }
    metadata.invalidateAll();
    listeners.clear();
  }
}
