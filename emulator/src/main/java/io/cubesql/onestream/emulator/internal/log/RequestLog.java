package io.cubesql.onestream.emulator.internal.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubesql.onestream.emulator.internal.api.Route;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The requests the emulator answered, oldest first, so tests can assert what a client sent. Holds
 * at most a fixed number of entries, dropping the oldest (and counting them). Thread-safe.
 */
public final class RequestLog {
  /** The default capacity. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  private final ArrayDeque<RequestLogEntry> entries = new ArrayDeque<>();
  private long dropped;

  public RequestLog() {
    this(DEFAULT_CAPACITY);
  }

  public RequestLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void add(RequestLogEntry entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
      dropped++;
    }
    entries.addLast(entry);
  }

  /** A snapshot of every entry, oldest first. */
  public synchronized List<RequestLogEntry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one API route. */
  public List<RequestLogEntry> entries(Route route) {
    return entries(route.path());
  }

  /** The entries whose route is {@code route} ({@code Service/Action}, ignoring case). */
  public List<RequestLogEntry> entries(String route) {
    return entries().stream().filter(e -> route.equalsIgnoreCase(e.route())).toList();
  }

  public synchronized int size() {
    return entries.size();
  }

  /** How many entries were dropped to stay within capacity since the last {@link #clear()}. */
  public synchronized long dropped() {
    return dropped;
  }

  public synchronized void clear() {
    entries.clear();
    dropped = 0;
  }

  /** {@code {"dropped": n, "entries": [...]}}. */
  public ObjectNode toJson() {
    List<RequestLogEntry> snapshot;
    long d;
    synchronized (this) {
      snapshot = List.copyOf(entries);
      d = dropped;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("dropped", d);
    ArrayNode a = n.putArray("entries");
    snapshot.forEach(e -> a.add(e.toJson()));
    return n;
  }
}
