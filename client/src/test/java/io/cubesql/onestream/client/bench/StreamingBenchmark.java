package io.cubesql.onestream.client.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.DataCellsFilter;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Streaming benchmark, not a test: reads every base cell of the GolfStream cube through {@link
 * OneStreamClient#dataCells} in a heap-capped JVM, then the same requests with a bare OkHttp and
 * Jackson loop, and prints rows per second of each, their ratio and the peak heap. {@code
 * client/bench/streaming.sh} starts the emulator in its own process and runs this with {@code
 * -Xmx128m}.
 *
 * <p>Usage: {@code StreamingBenchmark <emulator base URL> <PAT>}.
 */
public final class StreamingBenchmark {
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private StreamingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: StreamingBenchmark <emulator base URL> <PAT>");
      System.exit(2);
    }
    String baseUrl = args[0];
    String pat = args[1];
    // A client closes its token provider (SessionManager.close): one config per client.
    Supplier<ClientConfig> config =
        () ->
            ClientConfig.builder()
                .serverUrl(baseUrl)
                .application("GolfStream")
                .tokenProvider(new PatTokenProvider(Secret.of(pat)))
                .readTimeout(Duration.ofMinutes(5))
                .callTimeout(Duration.ofMinutes(30))
                .build();
    Bare bare = new Bare(baseUrl, pat);
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf(Locale.ROOT, "max heap %d MiB%n", maxHeap >> 20);

    // Warm-up on one month, so that neither measured pass pays for the JIT alone.
    DataCellsFilter month = DataCellsFilter.all().time("2024M1");
    clientPass(config, month);
    bare.pass("\"TimeFilter\":\"2024M1\"", false);

    resetPeaks();
    long t0 = System.nanoTime();
    long clientRows = clientPass(config, DataCellsFilter.all());
    double clientSeconds = (System.nanoTime() - t0) / 1e9;
    long clientPeak = peakHeap();

    resetPeaks();
    t0 = System.nanoTime();
    long bareRows = bare.pass("", false);
    double bareSeconds = (System.nanoTime() - t0) / 1e9;
    long barePeak = peakHeap();

    resetPeaks();
    t0 = System.nanoTime();
    long bareValueRows = bare.pass("", true);
    double bareValueSeconds = (System.nanoTime() - t0) / 1e9;

    double clientRate = clientRows / clientSeconds;
    double bareRate = bareRows / bareSeconds;
    double bareValueRate = bareValueRows / bareValueSeconds;
    System.out.printf(
        Locale.ROOT,
        "client  OneStreamClient.dataCells: %,d rows in %.1f s = %,.0f rows/s, peak heap %d MiB%n",
        clientRows,
        clientSeconds,
        clientRate,
        clientPeak >> 20);
    System.out.printf(
        Locale.ROOT,
        "bare    OkHttp+Jackson, tokens only: %,d rows in %.1f s = %,.0f rows/s,"
            + " peak heap %d MiB%n",
        bareRows,
        bareSeconds,
        bareRate,
        barePeak >> 20);
    System.out.printf(
        Locale.ROOT,
        "bare    OkHttp+Jackson, values decoded: %,d rows in %.1f s = %,.0f rows/s%n",
        bareValueRows,
        bareValueSeconds,
        bareValueRate);
    System.out.printf(
        Locale.ROOT,
        "ratio   client / bare tokens = %.2f, client / bare values = %.2f%n",
        clientRate / bareRate,
        clientRate / bareValueRate);
    if (clientRows != bareRows || clientRows != bareValueRows) {
      System.out.println("MISMATCH: the passes counted different rows");
      System.exit(1);
    }
  }

  private static long clientPass(Supplier<ClientConfig> config, DataCellsFilter filter)
      throws IOException {
    long rows = 0;
    try (OneStreamClient client = OneStreamClient.open(config.get());
        DataSetReader r = client.dataCells("GolfStream", false, filter)) {
      while (r.nextRow()) {
        // Touch a value, as any consumer would.
        if (r.get("CellValue") != null) {
          rows++;
        }
      }
    }
    return rows;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peak usage since the last reset. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The same requests with nothing but OkHttp and Jackson's parser: the floor to compare with. */
  private static final class Bare {
    private final OkHttpClient http =
        new OkHttpClient.Builder()
            .readTimeout(5, TimeUnit.MINUTES)
            .callTimeout(30, TimeUnit.MINUTES)
            .build();
    private final String api;
    private final String web;
    private final String pat;
    private String si;

    Bare(String baseUrl, String pat) {
      this.api = baseUrl + "/OneStreamApi/api/";
      this.web = baseUrl + "/OneStreamWeb";
      this.pat = pat;
    }

    /** Logs on and opens GolfStream once; the SI stays in memory and is never printed. */
    private String si() throws IOException {
      if (si == null) {
        String logonSi =
            xfBytes(post("Authentication/Logon", "{\"BaseWebServerUrl\":\"" + web + "\"}"));
        si =
            xfBytes(
                post(
                    "Application/OpenApplication",
                    "{\"ApplicationName\":\"GolfStream\",\"SI\":{\"XfBytes\":\""
                        + logonSi
                        + "\"}}"));
      }
      return si;
    }

    private Response post(String route, String body) throws IOException {
      return post(route, body, "");
    }

    private Response post(String route, String body, String query) throws IOException {
      Request request =
          new Request.Builder()
              .url(api + route + "?api-version=7.2.0" + query)
              .header("Authorization", "Bearer " + pat)
              .post(RequestBody.create(body, JSON_TYPE))
              .build();
      Response response = http.newCall(request).execute();
      if (response.code() != 200) {
        response.close();
        throw new IOException(route + " answered HTTP " + response.code());
      }
      return response;
    }

    private static String xfBytes(Response response) throws IOException {
      try (response;
          JsonParser p = JSON.createParser(response.body().byteStream())) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (t == JsonToken.FIELD_NAME && p.currentName().equalsIgnoreCase("XfBytes")) {
            p.nextToken();
            return p.getText();
          }
        }
      }
      throw new IOException("no SessionInfo");
    }

    /** Reads every page of one GetDataCellsFromCube request, counting rows. */
    long pass(String filterFields, boolean decodeValues) throws IOException {
      String siJson = ",\"SI\":{\"XfBytes\":\"" + si() + "\"}";
      Response first =
          post(
              "Analytics/GetDataCellsFromCube",
              "{\"CubeName\":\"GolfStream\",\"IncludeDescriptions\":false,"
                  + "\"DataCellsFilter\":{"
                  + filterFields
                  + "}"
                  + siJson
                  + "}");
      long[] pageInfo = new long[2]; // rows, total pages
      String requestId = readPage(first, pageInfo, decodeValues);
      long rows = pageInfo[0];
      long pages = pageInfo[1];
      for (int page = 2; page <= pages; page++) {
        Response next =
            post(
                "Analytics/GetDataRequest",
                "{\"IsSystemLevel\":\"False\",\"RequestId\":\"" + requestId + "\"" + siJson + "}",
                "&page=" + page);
        readPage(next, pageInfo, decodeValues);
        rows += pageInfo[0];
      }
      return rows;
    }

    /** Counts the rows of one completed envelope; answers its request id. */
    private static String readPage(Response response, long[] out, boolean decodeValues)
        throws IOException {
      String id = null;
      long rows = 0;
      try (response;
          JsonParser p = JSON.createParser(response.body().byteStream())) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals("RequestId")) {
            id = p.getText();
          } else if (name.equals("TotalPages")) {
            out[1] = p.getLongValue();
          } else if (name.equals("DataResult") && v == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              JsonToken t;
              while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (decodeValues && t == JsonToken.VALUE_STRING) {
                  p.getText();
                } else if (decodeValues && t == JsonToken.VALUE_NUMBER_FLOAT) {
                  p.getDoubleValue();
                }
              }
              rows++;
            }
          } else {
            p.skipChildren();
          }
        }
      }
      out[0] = rows;
      return id;
    }
  }
}
