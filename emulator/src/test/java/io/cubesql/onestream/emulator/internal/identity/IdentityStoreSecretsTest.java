package io.cubesql.onestream.emulator.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store lists every secret it issued or was given, so that tests can look for leaks. */
class IdentityStoreSecretsTest {
  @Test
  void secretsListsPatsClientSecretsTokensAndSessionInfos() {
    IdentityStore store =
        new IdentityStore(
            Clock.systemUTC(),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            IdentityStore.demoUsers(List.of("GolfStream")));
    String pat = store.issuePat(IdentityStore.ADMIN, null);
    store.registerClient("client", "client-secret-value", IdentityStore.ADMIN);
    User admin = store.user(IdentityStore.ADMIN);
    String access = store.issueAccessToken(admin).accessToken();
    String refresh = store.issueRefreshToken("analyst");
    String logonSi = store.newSession(admin, null);
    String appSi = store.newSession(admin, "GolfStream");
    store.expireSession(appSi);

    assertThat(store.secrets())
        .containsEntry(pat, "PAT")
        .containsEntry("client-secret-value", "client secret")
        .containsEntry(access, "access token")
        .containsEntry(refresh, "refresh token")
        .containsEntry(logonSi, "XfBytes")
        .containsEntry(appSi, "XfBytes")
        .hasSize(6);
    // The store's own description shows none of them.
    assertThat(store.toString()).doesNotContain(pat).doesNotContain(access).doesNotContain(logonSi);
  }
}
