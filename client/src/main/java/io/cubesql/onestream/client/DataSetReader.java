package io.cubesql.onestream.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import io.cubesql.onestream.client.internal.CallRecorder;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;

/**
 * Reads the tables and rows of one OneStream answer as its bytes arrive, with Jackson's streaming
 * parser: never a tree, never the whole body in memory.
 *
 * <p>It reads three shapes:
 *
 * <ul>
 *   <li>a DataProvider DataSet {@code {"T1": [rows], "T2": [rows]}}, or the JSON literal {@code
 *       null} for an empty result (onestream-api.md §4 [CLIENT]); an Analytics route answering
 *       {@code null} is an error, since its answers are envelopes;
 *   <li>the Analytics envelope {@code {"Status", "RequestId", "TotalPages", "DataResult"}} (§6
 *       [CLIENT]; keys in any case): while {@code Status} is not {@code Completed} it polls {@code
 *       Analytics/GetDataRequest} with the configured back-off, and it fetches pages 2..N lazily,
 *       page k+1 only once the rows of page k are consumed. {@code DataResult} is a row array (one
 *       table named {@code DataResult}) or, for DataProvider calls under 7.2.0 call state, a
 *       DataSet object [ASSUMED];
 *   <li>for DataManagement, also a bare JSON string or {@code {"Message": ...}} (§5 [ASSUMED]),
 *       read as one table {@code Message} of one row.
 * </ul>
 *
 * <p>The envelope is recognised when the answer's first key is {@code Status}, {@code RequestId} or
 * {@code TotalPages} with a scalar value; a table's value is always an array, so a DataSet is never
 * mistaken for it. JSON key order is not significant, so a leading {@code DataResult} is held in
 * memory (up to {@link #MAX_HELD_DATA}) to see whether an envelope key follows it; an envelope key
 * found only after a larger one, or after other tables, fails naming the key order.
 *
 * <p>Values: strings stay strings (ISO dates too: DataSet JSON carries no types, §4), JSON integers
 * become {@link Long} ({@link BigDecimal} beyond its range), other numbers {@link Double}, {@code
 * true}/{@code false} {@link Boolean}, {@code null} null, and a nested object or array its JSON
 * text. Double was chosen over BigDecimal for speed and memory on millions of cells; it holds
 * exactly every decimal of up to 15 significant digits. A column may change type from row to row; a
 * column missing from a row reads as null.
 *
 * <p>A body that ends early, is not JSON, or has anything after its top-level value is an error
 * ({@link ErrorKind#PROTOCOL}, naming the route), never a short result. Not thread-safe, except
 * that {@link #close()} may be called from another thread to abort a blocked read.
 */
public final class DataSetReader implements AutoCloseable {
  /** The name of the one table an Analytics row array is read as. */
  public static final String DATA_RESULT = "DataResult";

  /**
   * The most JSON text of a leading {@code DataResult} held in memory while the reader looks for
   * envelope keys after it.
   */
  static final int MAX_HELD_DATA = 8 << 20;

  /** The name of the table a DataManagement message is read as. */
  public static final String MESSAGE = "Message";

  /** Fetches one page (or poll) of an Analytics request through {@code GetDataRequest}. */
  @FunctionalInterface
  interface Pager {
    /** Fetches page {@code page}, handing each HTTP call to {@code onCall} as it is made. */
    Exchange fetch(String requestId, int page, Consumer<Call> onCall) throws OneStreamException;
  }

  /**
   * One HTTP answer being read: its parser, its response, the call that can be cancelled, and the
   * rows read from it for the call's record.
   */
  static final class Exchange {
    final JsonParser parser;
    private final Response response;
    private final Call call;
    private final InputStream stream;
    private final CallRecorder recorder;

    // The data rows read from this answer, and whether it held row data at all (a table, a
    // DataResult, an empty result). Plain fields, written by the reader's thread only, per row;
    // the recorder's lock publishes them once, when the exchange ends.
    long rows;
    boolean data;

    private Exchange(
        JsonParser parser,
        Response response,
        Call call,
        InputStream stream,
        CallRecorder recorder) {
      this.parser = parser;
      this.response = response;
      this.call = call;
      this.stream = stream;
      this.recorder = recorder;
    }

    /** Reads an open 200 answer; closes it if the parser cannot be made. */
    static Exchange of(Response response, Call call, String route) throws OneStreamException {
      CallRecorder recorder = CallRecorder.claim(call);
      InputStream in = response.body().byteStream();
      try {
        return new Exchange(Json.FACTORY.createParser(in), response, call, in, recorder);
      } catch (IOException e) {
        OneStreamException error = Transport.failure(call, route, e);
        if (recorder != null) {
          recorder.readerDone(null, error.kind());
        }
        response.close();
        throw error;
      }
    }

    /** Reads bytes already at hand (tests, and answers obtained elsewhere). */
    static Exchange of(InputStream in) throws IOException {
      return new Exchange(Json.FACTORY.createParser(in), null, null, in, null);
    }

    /** Counts {@code n} data rows read from this answer, and marks it as holding row data. */
    void credit(long n) {
      rows += n;
      data = true;
    }

    /** Tells the call's recorder what was read, before closing lets the call end. */
    private void report(ErrorKind error) {
      if (recorder != null) {
        recorder.readerDone(data || rows > 0 ? rows : null, error);
      }
    }

    /** Closes after the whole answer was read: the connection goes back to the pool. */
    void close() {
      report(null);
      try {
        parser.close();
      } catch (IOException e) {
        // Nothing left to read; the response is closed below all the same.
      }
      if (response != null) {
        response.close();
      }
    }

    /**
     * Stops the exchange at once, so that the server stops sending and no pooled connection stays
     * busy. {@code error} is the reader's classification for the call's record, or null when the
     * reader merely stopped: the record then says CANCELLED only if the cancel cut the answer short
     * (an answer already received whole was no cancelled call). From another thread (a close that
     * aborts a blocked read) the rows counted may miss the row being read at that moment.
     */
    void abort(ErrorKind error) {
      report(error);
      if (call != null) {
        call.cancel();
      }
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        // Cancelled already; closing is only to release the connection.
      }
      if (response != null) {
        response.close();
      }
    }
  }

  private final String route;

  /**
   * What messages name: {@link #route} while its own answer is read, then the page or poll being
   * read, such as {@code Analytics/GetDataCellsFromCube, page 2 (Analytics/GetDataRequest)}, so
   * that a failure on a later page does not pass for one of the first answer.
   */
  private String subject;

  /** The route of the answer being read, which errors record: {@link #route}, or GetDataRequest. */
  private String exchangeRoute;

  /** The polls of the first page sent so far (while the request runs). */
  private int polls;

  private final Pager pager;
  private final PollSchedule schedule;
  private final boolean messageAnswer;

  private volatile Exchange ex;
  private volatile boolean closed;

  /** Counted down by {@link #close()}: ends a wait between polls at once. */
  private final CountDownLatch closing = new CountDownLatch(1);

  /** The page fetch (or poll) under way, for {@link #close()} to cancel; null when none. */
  private volatile CallHandle fetching;

  private JsonParser p;

  /** {@link #ex}, read without a volatile load where rows are counted. */
  private Exchange reading;

  // The Analytics envelope of the current page, when the answer is one.
  private boolean envelope;
  private String status;
  private String requestId;
  private int totalPages;
  private int page;

  // Where the reader stands.
  /** The data is one row array (an Analytics DataResult), not an object of tables. */
  private boolean rowArray;

  private boolean exhausted;
  private boolean pendingTable;
  private String tableName;
  private boolean inRows;
  private boolean onRow;
  private Map<String, Object> syntheticRow;

  /** The answer is being read again, reordered, from bytes held in memory. */
  private boolean replayed;

  // A table after a held leading DataResult, already read up to its value.
  private String heldName;
  private JsonToken heldValue;

  // The current table's columns, in first-seen order, and the current row's values.
  private final List<String> columns = new ArrayList<>();
  private final List<String> columnsView = Collections.unmodifiableList(columns);
  private final Map<String, Integer> index = new HashMap<>();
  private Object[] values = new Object[32];

  private DataSetReader(String route, Pager pager, PollSchedule schedule, boolean messageAnswer) {
    this.route = route;
    this.subject = route;
    this.exchangeRoute = route;
    this.pager = pager;
    this.schedule = schedule;
    this.messageAnswer = messageAnswer;
  }

  /**
   * Reads {@code first}, the answer of {@code route}; polls first when it is a running Analytics
   * request. Closes {@code first} when it fails.
   */
  static DataSetReader open(
      String route, Exchange first, Pager pager, PollSchedule schedule, boolean messageAnswer)
      throws OneStreamException {
    DataSetReader r = new DataSetReader(route, pager, schedule, messageAnswer);
    r.use(first);
    try {
      r.begin();
    } catch (OneStreamException | RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  /**
   * A reader of an answer already at hand, such as bytes read elsewhere; it cannot poll or page, so
   * a running or paged envelope fails.
   */
  public static DataSetReader of(String route, InputStream in) throws OneStreamException {
    return atHand(route, in, false);
  }

  private static DataSetReader atHand(String route, InputStream in, boolean messageAnswer)
      throws OneStreamException {
    try {
      return open(route, Exchange.of(in), null, null, messageAnswer);
    } catch (OneStreamException e) {
      throw e;
    } catch (IOException e) {
      throw OneStreamException.of(ErrorKind.PROTOCOL, route, route + " cannot be read: " + e, e);
    }
  }

  /** As {@link #of(String, InputStream)}, over bytes. */
  public static DataSetReader of(String route, byte[] json) throws OneStreamException {
    return of(route, new ByteArrayInputStream(json));
  }

  /**
   * A reader of a DataManagement answer at hand (a bare string, {@code {"Message": ...}}, or a
   * completed envelope), read as one table {@value #MESSAGE}, as the client's own calls read it.
   */
  static DataSetReader ofMessage(String route, byte[] json) throws OneStreamException {
    return atHand(route, new ByteArrayInputStream(json), true);
  }

  private void use(Exchange e) {
    ex = e;
    reading = e;
    p = e.parser;
  }

  // ---------------------------------------------------------------------------- the public API

  /**
   * Moves to the next table, skipping what is left of the current one; false when there is none.
   */
  public boolean nextTable() throws OneStreamException {
    ensureOpen();
    clearRow();
    if (pendingTable) {
      pendingTable = false;
      return true;
    }
    if (exhausted) {
      return false;
    }
    if (syntheticRow != null || rowArray) {
      // A message or an Analytics row array is the only table: stop without fetching more pages.
      finishEarly();
      return false;
    }
    if (inRows) {
      skipRestOfArray();
      inRows = false;
    }
    if (heldName != null) {
      String name = heldName;
      heldName = null;
      enterTable(name, heldValue);
      return true;
    }
    while (true) {
      JsonToken t = next();
      if (t == JsonToken.FIELD_NAME) {
        String name = name();
        JsonToken value = next();
        notEnvelopeKey(name, value);
        enterTable(name, value);
        return true;
      }
      if (t != JsonToken.END_OBJECT) {
        throw protocol(subject + " answered a DataSet that is not an object of tables");
      }
      if (!endOfData()) {
        return false;
      }
    }
  }

  /** Fails when a table's name is in fact an envelope key found after the data. */
  private void notEnvelopeKey(String name, JsonToken value) throws OneStreamException {
    if (isEnvelopeScalar(name)
        && value != null
        && value.isScalarValue()
        && value != JsonToken.VALUE_NULL) {
      throw protocol(
          subject
              + " answered the Analytics envelope key '"
              + name
              + "' after its data: the envelope's keys must come before DataResult or"
              + " right after it");
    }
  }

  /**
   * The request id of an Analytics envelope (or of a DataProvider or DataManagement call answered
   * under call state), or null when the answer was not an envelope.
   */
  public String requestId() {
    return requestId;
  }

  /** The current table's name, or null before the first. */
  public String tableName() {
    return tableName;
  }

  /**
   * Moves to the next row of the current table (moving to the first table if none is current);
   * false at the table's end. Rows of later Analytics pages are fetched here, when needed; at the
   * end of a DataSet's table, what follows is read here too, so that after the last table the
   * answer is read to its end and its connection released without waiting for {@link #close()}.
   */
  public boolean nextRow() throws OneStreamException {
    ensureOpen();
    if (tableName == null && !exhausted && !nextTable()) {
      return false;
    }
    if (pendingTable) {
      pendingTable = false;
    }
    clearRow();
    if (syntheticRow != null) {
      if (!inRows) {
        return false;
      }
      inRows = false;
      for (Map.Entry<String, Object> e : syntheticRow.entrySet()) {
        values[column(e.getKey())] = e.getValue();
      }
      onRow = true;
      return true;
    }
    while (inRows) {
      JsonToken t = next();
      if (t == JsonToken.START_OBJECT) {
        readRow();
        reading.rows++;
        onRow = true;
        return true;
      }
      if (t != JsonToken.END_ARRAY) {
        throw protocol(subject + " answered a row that is not a JSON object: " + t);
      }
      inRows = false;
      if (rowArray) {
        // The next page, if any, continues the same table.
        endOfData();
      } else if (!envelope && heldName == null) {
        lookPastTable();
      }
    }
    return false;
  }

  /**
   * Reads what follows a DataSet's table: at the answer's end, the answer is read to its end and
   * closed now, so that its connection goes back to the pool and its call ends well even when the
   * caller closes the reader without asking for another table; else the next table is held for
   * {@link #nextTable()}.
   */
  private void lookPastTable() throws OneStreamException {
    JsonToken t = next();
    if (t == JsonToken.FIELD_NAME) {
      String name = name();
      JsonToken value = next();
      notEnvelopeKey(name, value);
      heldName = name;
      heldValue = value;
    } else if (t == JsonToken.END_OBJECT) {
      endOfRoot();
    } else {
      throw protocol(subject + " answered a DataSet that is not an object of tables");
    }
  }

  /** The column names of the current table seen so far, in first-seen order. */
  public List<String> columns() {
    return columnsView;
  }

  /** The current row's value of {@code column} (exact name, else ignoring case); null if none. */
  public Object get(String column) {
    requireRow();
    Integer i = index.get(column);
    if (i == null) {
      for (int k = 0; k < columns.size(); k++) {
        if (columns.get(k).equalsIgnoreCase(column)) {
          return values[k];
        }
      }
      return null;
    }
    return values[i];
  }

  /** The current row's value of column {@code i} of {@link #columns()}. */
  public Object get(int i) {
    requireRow();
    if (i < 0 || i >= columns.size()) {
      throw new IndexOutOfBoundsException("Column " + i + " of " + columns.size());
    }
    return values[i];
  }

  /** The current row as a map of every column seen so far to its value (null when absent). */
  public Map<String, Object> row() {
    requireRow();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int k = 0; k < columns.size(); k++) {
      out.put(columns.get(k), values[k]);
    }
    return out;
  }

  /**
   * Closes the answer. Before its end this cancels the HTTP call, so that the server stops sending,
   * no later page is fetched, and no connection stays busy.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    CallHandle f = fetching;
    if (f != null) {
      f.cancel();
    }
    Exchange e = ex;
    if (e != null && !exhausted) {
      e.abort(null);
    }
  }

  @Override
  public String toString() {
    return "DataSetReader[" + route + (tableName == null ? "" : ", " + tableName) + "]";
  }

  // ---------------------------------------------------------------------------- reading

  /** Reads the top of the first answer, polling until an envelope says Completed. */
  private void begin() throws OneStreamException {
    JsonToken t = next();
    if (t == null) {
      throw protocol(subject + " answered an empty body");
    }
    switch (t) {
      case VALUE_NULL:
        if (isAnalytics(route)) {
          // Analytics always answers its envelope (§6): read as an empty result, a null there
          // would end the read short without a word.
          throw protocol(subject + " answered the JSON literal null, not an Analytics envelope");
        }
        // An empty DataProvider result [CLIENT §4].
        rowData();
        endOfRoot();
        return;
      case VALUE_STRING:
        if (messageAnswer) {
          syntheticTable(Map.of(MESSAGE, text()));
          endOfRoot();
          return;
        }
        throw protocol(subject + " answered a JSON string, not a DataSet");
      case START_OBJECT:
        break;
      default:
        throw protocol(subject + " answered " + t + ", not a DataSet");
    }
    t = next();
    if (t == JsonToken.END_OBJECT) {
      rowData();
      endOfRoot();
      return;
    }
    String name = name();
    JsonToken value = next();
    if (value != null && isEnvelopeScalar(name) && value.isScalarValue()) {
      envelope = true;
      page = 1;
      envelopeScalar(name);
      if (!readEnvelope()) {
        await(1);
      }
      return;
    }
    if (!replayed
        && !messageAnswer
        && name.equalsIgnoreCase(DATA_RESULT)
        && (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT)) {
      holdLeadingData(name, value);
      return;
    }
    if (messageAnswer) {
      readMessageObject(name, value);
      return;
    }
    enterTable(name, value);
    pendingTable = true;
  }

  /**
   * Reads a leading {@code DataResult} (up to {@link #MAX_HELD_DATA}) into memory to see what
   * follows it, since JSON key order is not significant: an envelope key right after it makes the
   * answer an Analytics envelope, read again from memory with its keys first; anything else makes
   * it a DataSet whose first table is {@code DataResult}. A larger row array is read as a DataSet
   * table, and an envelope key after it fails naming the key order.
   */
  private void holdLeadingData(String name, JsonToken value) throws OneStreamException {
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    boolean whole;
    // Rows held, for the call's record when the answer is read again from memory: the objects of
    // a row array, or of the tables of a DataSet.
    int rowDepth = value == JsonToken.START_ARRAY ? 1 : 2;
    long heldRows = 0;
    try (JsonGenerator g = Json.FACTORY.createGenerator(held)) {
      g.copyCurrentEvent(p);
      int depth = 1;
      whole = true;
      while (depth > 0) {
        g.flush();
        if (depth == 1 && value == JsonToken.START_ARRAY && held.size() > MAX_HELD_DATA) {
          whole = false;
          g.writeEndArray();
          break;
        }
        JsonToken t = next();
        if (t == null) {
          throw protocol(subject + " answer ended in the middle of a table");
        }
        g.copyCurrentEvent(p);
        if (t.isStructStart()) {
          if (t == JsonToken.START_OBJECT && depth == rowDepth) {
            heldRows++;
          }
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        }
      }
    } catch (OneStreamException e) {
      throw e;
    } catch (IOException e) {
      throw failure(e);
    }
    if (!whole) {
      // Too large to hold: the rows held so far, then the rest of the same array.
      continueAfter(held.toByteArray(), true);
      enterTable(name, next());
      pendingTable = true;
      return;
    }
    JsonToken t = next();
    if (t == JsonToken.END_OBJECT) {
      // Read again from memory: the rows are this answer's, counted before it is closed.
      reading.credit(heldRows);
      endOfRoot();
      replay(name, held.toByteArray());
      return;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw protocol(subject + " answered a DataSet that is not an object of tables");
    }
    String next = name();
    JsonToken nextValue = next();
    if (nextValue != null && isEnvelopeScalar(next) && nextValue.isScalarValue()) {
      envelope = true;
      envelopeScalar(next);
      JsonToken f;
      while ((f = next()) == JsonToken.FIELD_NAME) {
        envelopeField(name(), next());
      }
      if (status == null || completed()) {
        reading.credit(heldRows);
      }
      endOfEnvelope(f);
      replay(name, held.toByteArray());
      return;
    }
    continueAfter(held.toByteArray(), false);
    enterTable(name, next());
    pendingTable = true;
    heldName = next;
    heldValue = nextValue;
  }

  /**
   * Reads {@code held} (a leading DataResult) and then the rest of the current answer. When {@code
   * open}, the end of {@code held}'s array was added only to make it JSON, and is not read.
   */
  private void continueAfter(byte[] held, boolean open) throws OneStreamException {
    try {
      JsonParser first = Json.FACTORY.createParser(held);
      if (open) {
        first =
            new JsonParserDelegate(first) {
              @Override
              public JsonToken nextToken() throws IOException {
                JsonToken t = delegate.nextToken();
                return t == JsonToken.END_ARRAY && delegate.getParsingContext().inRoot() ? null : t;
              }
            };
      }
      p = JsonParserSequence.createFlattened(false, first, p);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Reads the answer again from memory, its envelope's keys (if any, as read so far) first and then
   * {@code held} as {@code name}.
   */
  private void replay(String name, byte[] held) throws OneStreamException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(held.length + 128);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (status != null) {
        g.writeStringField("Status", status);
      }
      if (requestId != null) {
        g.writeStringField("RequestId", requestId);
      }
      if (envelope) {
        g.writeNumberField("TotalPages", totalPages);
      }
      g.writeFieldName(name);
      g.writeRawValue(new String(held, StandardCharsets.UTF_8));
      g.writeEndObject();
    } catch (IOException e) {
      throw failure(e);
    }
    replayed = true;
    exhausted = false;
    try {
      use(Exchange.of(new ByteArrayInputStream(out.toByteArray())));
    } catch (IOException e) {
      throw failure(e);
    }
    begin();
  }

  /** Whether {@code route} is an Analytics route, whose answers are envelopes (§6). */
  private static boolean isAnalytics(String route) {
    return route.regionMatches(true, 0, "Analytics/", 0, "Analytics/".length());
  }

  /** Polls page {@code n} until its envelope says Completed, and positions on its data. */
  private void await(int n) throws OneStreamException {
    if (pager == null) {
      throw protocol(subject + " answered a running or paged request that this reader cannot poll");
    }
    if (requestId == null || requestId.isBlank()) {
      throw protocol(subject + " answered an Analytics envelope without a RequestId");
    }
    boolean first = n == 1;
    while (true) {
      if (first) {
        schedule.awaitNextPoll(requestId, route, closing);
      }
      first = true;
      use(fetch(n));
      exhausted = false;
      if (closed) {
        ex.abort(null);
        throw OneStreamException.of(ErrorKind.CANCELLED, exchangeRoute, subject + " was closed");
      }
      status = null;
      page = n;
      if (next() != JsonToken.START_OBJECT) {
        throw protocol(subject + " answered a page that is not an Analytics envelope");
      }
      if (readEnvelope()) {
        return;
      }
    }
  }

  /**
   * Fetches page {@code n}, so that {@link #close()} from another thread cancels the fetch. From
   * here on messages name the page (or the poll); an error answer is restated so, and a refused
   * request id ({@link ErrorKind#REQUEST_EXPIRED}) says that the server no longer holds the answer.
   */
  private Exchange fetch(int n) throws OneStreamException {
    boolean poll = n == 1;
    if (poll) {
      polls++;
    }
    String dataRequest = Route.DATA_REQUEST.path();
    String via = route.equalsIgnoreCase(dataRequest) ? "" : " (" + dataRequest + ")";
    subject = route + (poll ? ", poll " + polls : ", page " + n) + via;
    exchangeRoute = dataRequest;
    CallHandle handle = new CallHandle();
    fetching = handle;
    try {
      if (closed) {
        handle.cancel();
      }
      return pager.fetch(requestId, n, handle);
    } catch (OneStreamException e) {
      throw e.kind() == ErrorKind.REQUEST_EXPIRED ? expired(e, poll) : onPage(e, dataRequest);
    } finally {
      fetching = null;
    }
  }

  /**
   * The error of a page or poll that the server refused because it no longer knows the request id:
   * the server restarted or the id expired, so only sending the original request again helps.
   */
  private OneStreamException expired(OneStreamException e, boolean poll) {
    return OneStreamException.restating(
        ErrorKind.REQUEST_EXPIRED,
        "The server no longer holds the "
            + (poll ? "answer to " : "pages of ")
            + route
            + " (request id "
            + requestId
            + ": it expired or the server restarted); run the statement again",
        e);
  }

  /**
   * {@code e}, an error of a page or poll, naming it: the first mention of {@code dataRequest} in
   * the message (which the transport puts before any server text) becomes {@link #subject}.
   */
  private OneStreamException onPage(OneStreamException e, String dataRequest) {
    String message = e.getMessage();
    int at = message == null ? -1 : message.indexOf(dataRequest);
    if (at < 0) {
      return e;
    }
    return OneStreamException.restating(
        e.kind(),
        message.substring(0, at) + subject + message.substring(at + dataRequest.length()),
        e);
  }

  /**
   * Reads envelope fields up to {@code DataResult}. True when the request is complete: the reader
   * then stands on the data (or, with none, at the end). False when it is still running; the page
   * is then read to its end and closed.
   */
  private boolean readEnvelope() throws OneStreamException {
    JsonToken t;
    while ((t = next()) == JsonToken.FIELD_NAME) {
      String name = name();
      JsonToken value = next();
      if (name.equalsIgnoreCase(DATA_RESULT)) {
        if (status != null && !completed()) {
          skip();
          continue;
        }
        if (enterData(value)) {
          return true;
        }
      } else {
        envelopeField(name, value);
      }
    }
    if (completed()) {
      rowData(); // a completed page without rows, marked before the answer is closed
    }
    endOfEnvelope(t);
    if (completed()) {
      // Complete with no rows on this page; more pages may follow.
      if (envelopeHasMore()) {
        nextPage();
      }
      return true;
    }
    return false;
  }

  /** Positions on a DataResult value; false when it holds nothing to read. */
  private boolean enterData(JsonToken value) throws OneStreamException {
    if (value == JsonToken.START_ARRAY) {
      reading.data = true;
      rowArray = true;
      if (tableName == null) {
        startTable(DATA_RESULT);
        pendingTable = true;
      }
      inRows = true;
      return true;
    }
    if (value == JsonToken.START_OBJECT) {
      if (messageAnswer) {
        readMessageObject(null, null);
        finishEnvelope();
        return true;
      }
      reading.data = true;
      return true;
    }
    if (value == JsonToken.VALUE_STRING && messageAnswer) {
      syntheticTable(Map.of(MESSAGE, text()));
      finishEnvelope();
      return true;
    }
    if (value == JsonToken.VALUE_NULL) {
      rowData();
      return false;
    }
    throw protocol(subject + " answered a DataResult that is neither rows nor a DataSet");
  }

  /**
   * The data of the current answer has ended (a row array, or an object of tables): reads what is
   * left, and moves to the next page when there is one. False when nothing more will come.
   */
  private boolean endOfData() throws OneStreamException {
    if (!envelope) {
      endOfRoot();
      return false;
    }
    finishEnvelope();
    if (envelopeHasMore()) {
      nextPage();
      return !exhausted;
    }
    return false;
  }

  private boolean envelopeHasMore() {
    return page < totalPages;
  }

  /** Fetches the next page and positions on its data (or at the end, when it holds none). */
  private void nextPage() throws OneStreamException {
    ex.close();
    await(page + 1);
  }

  /** Reads the envelope's fields after DataResult, then its end. */
  private void finishEnvelope() throws OneStreamException {
    JsonToken t;
    while ((t = next()) == JsonToken.FIELD_NAME) {
      String name = name();
      envelopeField(name, next());
    }
    endOfEnvelope(t);
    if (status != null && !completed()) {
      throw protocol(subject + " answered rows for request " + requestId + " before it completed");
    }
  }

  /** Reads an envelope field other than DataResult: a known scalar is kept, the rest skipped. */
  private void envelopeField(String name, JsonToken value) throws OneStreamException {
    if (isEnvelopeScalar(name) && value.isScalarValue()) {
      envelopeScalar(name);
    } else {
      skip();
    }
  }

  /** Checks that the token {@code t} after the envelope's fields closes it, then ends the root. */
  private void endOfEnvelope(JsonToken t) throws OneStreamException {
    if (t != JsonToken.END_OBJECT) {
      throw protocol(subject + " answered a malformed Analytics envelope");
    }
    endOfRoot();
  }

  /** Checks that nothing follows the top-level value, and closes the answer. */
  private void endOfRoot() throws OneStreamException {
    JsonToken t = next();
    if (t != null) {
      throw protocol(subject + " answered data after the end of its JSON value");
    }
    exhausted = true;
    ex.close();
  }

  /**
   * Marks the answer as row data though it may hold no row: an empty result, a completed page
   * without rows. Not a DataManagement answer, whose message is no row data.
   */
  private void rowData() {
    if (!messageAnswer) {
      reading.data = true;
    }
  }

  private static boolean isEnvelopeScalar(String name) {
    return name.equalsIgnoreCase("Status")
        || name.equalsIgnoreCase("RequestId")
        || name.equalsIgnoreCase("TotalPages");
  }

  private void envelopeScalar(String name) throws OneStreamException {
    try {
      if (name.equalsIgnoreCase("Status")) {
        status = p.getValueAsString();
      } else if (name.equalsIgnoreCase("RequestId")) {
        requestId = p.getValueAsString();
      } else {
        totalPages = p.getValueAsInt(0);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private boolean completed() {
    return "Completed".equalsIgnoreCase(status);
  }

  /** Enters a table of a DataSet object: its value must be a row array, or null for none. */
  private void enterTable(String name, JsonToken value) throws OneStreamException {
    reading.data = true;
    if (value == JsonToken.START_ARRAY) {
      startTable(name);
      inRows = true;
    } else if (value == JsonToken.VALUE_NULL) {
      startTable(name);
      inRows = false;
    } else {
      throw protocol(subject + " answered table '" + name + "' that is not a row array");
    }
  }

  private void startTable(String name) {
    tableName = name;
    columns.clear();
    index.clear();
  }

  /** Reads a message object (after its first field, when given) as a one-row table. */
  private void readMessageObject(String firstName, JsonToken firstValue) throws OneStreamException {
    Map<String, Object> row = new LinkedHashMap<>();
    if (firstName != null) {
      row.put(firstName, value(firstValue));
    }
    JsonToken t;
    while ((t = next()) == JsonToken.FIELD_NAME) {
      String name = name();
      row.put(name, value(next()));
    }
    if (t != JsonToken.END_OBJECT) {
      throw protocol(subject + " answered a malformed message");
    }
    if (!envelope) {
      endOfRoot();
    }
    syntheticTable(row);
  }

  private void syntheticTable(Map<String, Object> row) {
    startTable(MESSAGE);
    syntheticRow = row;
    inRows = true;
    pendingTable = true;
  }

  private void readRow() throws OneStreamException {
    int i = 0;
    JsonToken t;
    while ((t = next()) == JsonToken.FIELD_NAME) {
      String name = name();
      // Jackson interns field names, so a row laid out like the previous one needs no lookup.
      int col = i < columns.size() && columns.get(i) == name ? i : column(name);
      values[col] = value(next());
      i++;
    }
    if (t != JsonToken.END_OBJECT) {
      throw protocol(subject + " answered a malformed row");
    }
  }

  /** The index of column {@code name}, added when first seen. */
  private int column(String name) {
    Integer i = index.get(name);
    if (i != null) {
      return i;
    }
    int k = columns.size();
    columns.add(name);
    index.put(name, k);
    if (k >= values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    return k;
  }

  private Object value(JsonToken t) throws OneStreamException {
    if (t == null) {
      throw protocol(subject + " answer ended in the middle of a row");
    }
    try {
      switch (t) {
        case VALUE_STRING:
          return p.getText();
        case VALUE_NUMBER_INT:
          JsonParser.NumberType type = p.getNumberType();
          return type == JsonParser.NumberType.BIG_INTEGER
              ? new BigDecimal(p.getBigIntegerValue())
              : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT:
          return p.getDoubleValue();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        case START_OBJECT:
        case START_ARRAY:
          return nestedText();
        default:
          throw protocol(subject + " answered an unexpected " + t + " in a row");
      }
    } catch (OneStreamException e) {
      throw e;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private String nestedText() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = Json.FACTORY.createGenerator(text)) {
      g.copyCurrentStructure(p);
    }
    return text.toString();
  }

  private String name() throws OneStreamException {
    try {
      return p.currentName();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private String text() throws OneStreamException {
    try {
      return p.getText();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private void skip() throws OneStreamException {
    try {
      p.skipChildren();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Skips the rows left in the current array, up to and including its end. */
  private void skipRestOfArray() throws OneStreamException {
    JsonToken t;
    while ((t = next()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw protocol(subject + " answer ended in the middle of a table");
      }
      skip();
    }
  }

  /** Stops reading: the answer is not read to its end, so the call is cancelled. */
  private void finishEarly() {
    if (!exhausted) {
      ex.abort(null);
      exhausted = true;
    }
    inRows = false;
  }

  private JsonToken next() throws OneStreamException {
    try {
      return p.nextToken();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Maps a read failure, and aborts the exchange: a reader that failed reads nothing more. */
  private OneStreamException failure(IOException e) {
    Exchange current = ex;
    OneStreamException out;
    if (closed) {
      // This reader's own close; any other cancel (such as OkHttp's call time-out, which also
      // cancels the call) is told apart by Transport, which looks at the exception first.
      out = OneStreamException.of(ErrorKind.CANCELLED, exchangeRoute, subject + " was closed", e);
    } else if (e instanceof JsonEOFException) {
      out =
          OneStreamException.of(
              ErrorKind.PROTOCOL,
              exchangeRoute,
              subject + " answer ended before its JSON was complete",
              e);
    } else if (e instanceof JsonProcessingException j) {
      // Jackson's message quotes the offending text, which may be data or a secret: name only the
      // error's class and place, and keep no cause that would carry the text along.
      out = OneStreamException.of(ErrorKind.PROTOCOL, exchangeRoute, malformed(j));
    } else {
      out = Transport.failure(current.call, exchangeRoute, subject, e);
    }
    abortAfterError(out.kind());
    return out;
  }

  /** The message of a malformed-JSON error: its class and place, never the body's text. */
  private String malformed(JsonProcessingException j) {
    JsonLocation at = j.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return subject + " answered malformed JSON (" + j.getClass().getSimpleName() + ")" + where;
  }

  private OneStreamException protocol(String message) {
    abortAfterError(ErrorKind.PROTOCOL);
    return OneStreamException.of(ErrorKind.PROTOCOL, exchangeRoute, message);
  }

  private void abortAfterError(ErrorKind kind) {
    Exchange current = ex;
    if (current != null) {
      current.abort(kind);
    }
    exhausted = true;
    inRows = false;
    syntheticRow = null;
  }

  private void clearRow() {
    if (onRow) {
      Arrays.fill(values, 0, columns.size(), null);
      onRow = false;
    }
  }

  private void requireRow() {
    if (!onRow) {
      throw new IllegalStateException("No current row: call nextRow() first");
    }
  }

  private void ensureOpen() throws OneStreamException {
    if (closed) {
      throw OneStreamException.of(
          ErrorKind.CANCELLED, route, "The reader of " + route + " is closed");
    }
  }
}
