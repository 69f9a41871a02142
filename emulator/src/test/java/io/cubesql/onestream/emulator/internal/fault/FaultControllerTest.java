package io.cubesql.onestream.emulator.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultControllerTest {
  private static List<FaultKind> sequence(FaultController c, int n) {
    List<FaultKind> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(c.decide("DataProvider/GetAdoDataSetForAdapter", false).kind());
    }
    return out;
  }

  @Test
  void sameSeedSameSequence() {
    FaultController a =
        new FaultController(7).add(FaultRule.of(FaultKind.HTTP_503).probability(0.3));
    FaultController b =
        new FaultController(7).add(FaultRule.of(FaultKind.HTTP_503).probability(0.3));
    List<FaultKind> first = sequence(a, 100);
    assertThat(first).isEqualTo(sequence(b, 100)).contains(FaultKind.HTTP_503).containsNull();
    a.reseed(7);
    assertThat(sequence(a, 100)).isEqualTo(first);
  }

  @Test
  void countLimitsFiringsAndRoutePatternFilters() {
    FaultController c =
        new FaultController(1)
            .add(FaultRule.of(FaultKind.HTTP_500).count(2).route("DataProvider/.*"));
    assertThat(c.decide("Analytics/GetCubeList", false).kind()).isNull();
    assertThat(sequence(c, 4)).containsExactly(FaultKind.HTTP_500, FaultKind.HTTP_500, null, null);
    assertThat(c.rules().get(0).count()).isZero();
  }

  @Test
  void tokenEndpointsOnlyForRulesThatAskForThem() {
    FaultController c = new FaultController(1).add(FaultRule.of(FaultKind.HTTP_503));
    assertThat(c.decide("/as/token.oauth2", true).kind()).isNull();
    c.add(FaultRule.of(FaultKind.HTTP_429).tokenEndpoints(true).route("/as/.*"));
    assertThat(c.decide("/as/token.oauth2", true).kind()).isEqualTo(FaultKind.HTTP_429);
  }

  @Test
  void latencyAddsUpAndFirstFaultWins() {
    FaultController c = new FaultController(1);
    c.latency(Duration.ofMillis(10));
    c.add(FaultRule.of(FaultKind.LATENCY).latencyMs(5));
    c.add(FaultRule.of(FaultKind.HTTP_429));
    c.add(FaultRule.of(FaultKind.HTTP_503));
    FaultController.Decision d = c.decide("Analytics/GetCubeList", false);
    assertThat(d.latencyMs()).isEqualTo(15);
    assertThat(d.kind()).isEqualTo(FaultKind.HTTP_429);
  }

  @Test
  void jsonConfigurationRoundTripsAndIsAllOrNothing() throws Exception {
    ObjectMapper m = new ObjectMapper();
    FaultController c = new FaultController(1);
    c.configure(
        m.readTree(
            "{\"seed\": 7, \"latencyMs\": 3, \"rules\": [{\"kind\": \"http_503\","
                + " \"probability\": 0.5, \"count\": 3, \"route\": \"DataProvider/.*\","
                + " \"retryAfterSeconds\": 1}]}"));
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.toJson().toString())
        .isEqualTo(
            "{\"seed\":7,\"latencyMs\":3,\"rules\":[{\"kind\":\"HTTP_503\",\"probability\":0.5,"
                + "\"count\":3,\"route\":\"DataProvider/.*\",\"retryAfterSeconds\":1}]}");
    assertThatThrownBy(
            () ->
                c.configure(
                    m.readTree("{\"rules\": [{\"kind\": \"HTTP_503\"," + " \"probability\": 2}]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(c.rules()).hasSize(1);
    assertThatThrownBy(() -> FaultRule.of(FaultKind.HTTP_500).route("("))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
