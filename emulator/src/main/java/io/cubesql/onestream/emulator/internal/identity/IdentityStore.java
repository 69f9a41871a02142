package io.cubesql.onestream.emulator.internal.identity;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's users and every credential it knows: Personal Access Tokens, OAuth2 clients,
 * access and refresh tokens, and SessionInfos. Everything lives in memory only (onestream-api.md
 * §2, secrets hygiene); no method puts a token or SessionInfo into a message or {@code toString()}.
 * Thread-safe.
 */
public final class IdentityStore {
  /** The user name of the Administrator. */
  public static final String ADMIN = "admin";

  private static final int SI_BYTES = 48;
  private static final int MAX_BEFORE_PURGE = 10_000;

  private final Clock clock;
  private final Duration tokenTtl;
  private final Duration siIdle;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Pat> pats = new ConcurrentHashMap<>();
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<TokenEndpointKind, AtomicLong> tokenRequests =
      new EnumMap<>(TokenEndpointKind.class);

  /** How a bearer token was recognised. */
  public enum TokenType {
    PAT,
    ACCESS_TOKEN
  }

  /** The caller behind a valid bearer token. */
  public record Caller(User user, TokenType type) {}

  /** An access token just issued, with the refresh token that replaces the redeemed one. */
  public record Issued(String accessToken, long expiresInSeconds, String refreshToken) {
    @Override
    public String toString() {
      return "Issued{expiresInSeconds=" + expiresInSeconds + "}";
    }
  }

  private record Pat(User user, Instant expiry, boolean revoked) {}

  private record Client(String user, byte[] secret) {}

  private static final class AccessToken {
    final User user;
    volatile Instant expiry;

    AccessToken(User user, Instant expiry) {
      this.user = user;
      this.expiry = expiry;
    }
  }

  private record Refresh(User user, String clientId) {}

  public IdentityStore(Clock clock, Duration tokenTtl, Duration siIdle, List<User> users) {
    if (tokenTtl.isNegative() || tokenTtl.getSeconds() < 1) {
      throw new IllegalArgumentException("tokenTtl must be at least one second: " + tokenTtl);
    }
    if (siIdle.isNegative() || siIdle.isZero()) {
      throw new IllegalArgumentException("siIdle must be positive: " + siIdle);
    }
    this.clock = clock;
    this.tokenTtl = tokenTtl;
    this.siIdle = siIdle;
    for (User u : users) {
      this.users.put(u.name().toLowerCase(Locale.ROOT), u);
    }
    for (TokenEndpointKind k : TokenEndpointKind.values()) {
      tokenRequests.put(k, new AtomicLong());
    }
  }

  /**
   * The demo users: {@code admin} (Administrator, every application), {@code analyst} (every
   * application) and {@code viewer} (only GolfStreamDemo_2022, or the last application when the
   * host has none of that name).
   */
  public static List<User> demoUsers(List<String> applications) {
    List<String> viewerApps =
        applications.stream().filter(a -> a.equalsIgnoreCase("GolfStreamDemo_2022")).toList();
    if (viewerApps.isEmpty() && !applications.isEmpty()) {
      viewerApps = List.of(applications.get(applications.size() - 1));
    }
    return List.of(
        new User(ADMIN, true, applications),
        new User("analyst", false, applications),
        new User("viewer", false, viewerApps));
  }

  public Clock clock() {
    return clock;
  }

  public Duration tokenTtl() {
    return tokenTtl;
  }

  public List<User> users() {
    return List.copyOf(users.values());
  }

  /** The user called {@code name} (ignoring case); throws when there is none. */
  public User user(String name) {
    User u = users.get(name.toLowerCase(Locale.ROOT));
    if (u == null) {
      throw new IllegalArgumentException("No such user: " + name);
    }
    return u;
  }

  // ---- Personal Access Tokens ------------------------------------------------------------

  /** Issues a new PAT for {@code user}; {@code ttl} null means it never expires. */
  public String issuePat(String user, Duration ttl) {
    String pat = Pats.generate(random);
    registerPat(pat, user, ttl);
    return pat;
  }

  /** Accepts a given PAT for {@code user}; it must be well formed ({@link Pats}). */
  public void registerPat(String pat, String user, Duration ttl) {
    Pats.requireWellFormed(pat);
    Instant expiry = ttl == null ? Instant.MAX : clock.instant().plus(ttl);
    pats.put(pat, new Pat(user(user), expiry, false));
  }

  /** Revokes a PAT; returns whether it was known. */
  public boolean revokePat(String pat) {
    Pat p = pats.get(pat);
    if (p == null) {
      return false;
    }
    pats.put(pat, new Pat(p.user(), p.expiry(), true));
    return true;
  }

  // ---- Bearer tokens ---------------------------------------------------------------------

  /**
   * The caller behind a bearer token, or a 401 whose message says what is wrong with it without
   * quoting it.
   */
  public Caller authenticate(String bearer) {
    Pat p = pats.get(bearer);
    if (p != null) {
      if (p.revoked()) {
        throw ApiException.unauthorized("The Personal Access Token has been revoked.");
      }
      if (!clock.instant().isBefore(p.expiry())) {
        throw ApiException.unauthorized("The Personal Access Token has expired.");
      }
      return new Caller(p.user(), TokenType.PAT);
    }
    AccessToken t = accessTokens.get(bearer);
    if (t != null) {
      if (!clock.instant().isBefore(t.expiry)) {
        throw ApiException.unauthorized("The access token has expired.");
      }
      return new Caller(t.user, TokenType.ACCESS_TOKEN);
    }
    if (Pats.isWellFormed(bearer)) {
      throw ApiException.unauthorized("The Personal Access Token is not valid.");
    }
    throw ApiException.unauthorized("The bearer token is not valid.");
  }

  /**
   * Expires an access token now, as a fault; returns false when {@code bearer} is not an access
   * token (a PAT is left alone: the caller answers 401 for that one call).
   */
  public boolean expireAccessToken(String bearer) {
    AccessToken t = accessTokens.get(bearer);
    if (t == null) {
      return false;
    }
    t.expiry = clock.instant();
    return true;
  }

  // ---- OAuth2 clients and tokens ---------------------------------------------------------

  /** Registers an OAuth2 client whose tokens act as {@code user}. */
  public void registerClient(String clientId, String secret, String user) {
    if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("An OAuth2 client needs a client id and a secret.");
    }
    user(user);
    clients.put(clientId, new Client(user, secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** The user of a client whose credentials match, or null. */
  public User authenticateClient(String clientId, String secret) {
    Client c = clientId == null ? null : clients.get(clientId);
    if (c == null || secret == null) {
      return null;
    }
    boolean ok = MessageDigest.isEqual(c.secret(), secret.getBytes(StandardCharsets.UTF_8));
    return ok ? user(c.user()) : null;
  }

  /** Issues an access token for {@code user}, valid for the token lifetime. */
  public Issued issueAccessToken(User user) {
    purgeIfLarge();
    String token = randomToken(32);
    accessTokens.put(token, new AccessToken(user, clock.instant().plus(tokenTtl)));
    return new Issued(token, tokenTtl.getSeconds(), null);
  }

  /** Issues an IdentityServer refresh token for {@code user}, usable by any client id. */
  public String issueRefreshToken(String user) {
    String token = randomToken(32);
    refreshTokens.put(token, new Refresh(user(user), null));
    return token;
  }

  /**
   * Redeems a refresh token: a new access token and a new refresh token; the old one stops working
   * (rotation). Returns null when the token is unknown, used or bound to another client.
   */
  public Issued redeemRefreshToken(String refreshToken, String clientId) {
    if (refreshToken == null) {
      return null;
    }
    Refresh r = refreshTokens.get(refreshToken);
    if (r == null || (r.clientId() != null && !r.clientId().equals(clientId))) {
      return null;
    }
    if (!refreshTokens.remove(refreshToken, r)) {
      return null; // redeemed concurrently
    }
    String next = randomToken(32);
    refreshTokens.put(next, new Refresh(r.user(), clientId));
    Issued access = issueAccessToken(r.user());
    return new Issued(access.accessToken(), access.expiresInSeconds(), next);
  }

  // ---- SessionInfo -----------------------------------------------------------------------

  /** A new SessionInfo (its XfBytes, base64); {@code application} null makes a Logon SI. */
  public String newSession(User user, String application) {
    purgeIfLarge();
    byte[] bytes = new byte[SI_BYTES];
    random.nextBytes(bytes);
    String xfBytes = Base64.getEncoder().encodeToString(bytes);
    sessions.put(xfBytes, new Session(user, application, clock.instant()));
    return xfBytes;
  }

  /**
   * The live session for {@code xfBytes}, its last-used time refreshed; null when unknown, expired
   * by a fault, or idle longer than the idle limit [ASSUMED, onestream-api.md §3].
   */
  public Session useSession(String xfBytes) {
    Session s = xfBytes == null ? null : sessions.get(xfBytes);
    if (s == null) {
      return null;
    }
    Instant now = clock.instant();
    synchronized (s) {
      if (s.expired() || !now.isBefore(s.lastUsed().plus(siIdle))) {
        s.expire();
        return null;
      }
      s.touch(now);
    }
    return s;
  }

  /** Expires a session now, as a fault; returns whether it was known. */
  public boolean expireSession(String xfBytes) {
    Session s = xfBytes == null ? null : sessions.get(xfBytes);
    if (s == null) {
      return false;
    }
    s.expire();
    return true;
  }

  // ---- Secrets -------------------------------------------------------------------------

  /**
   * Every secret value the store holds, each with its kind ({@code PAT}, {@code client secret},
   * {@code access token}, {@code refresh token}, {@code XfBytes}), live or expired (until purged).
   * For tests that check that none of them leaks into a client's logs, messages or metadata; the
   * emulator never logs or answers it.
   */
  public Map<String, String> secrets() {
    Map<String, String> out = new LinkedHashMap<>();
    pats.keySet().forEach(p -> out.put(p, "PAT"));
    for (Client c : clients.values()) {
      out.put(new String(c.secret(), StandardCharsets.UTF_8), "client secret");
    }
    accessTokens.keySet().forEach(t -> out.put(t, "access token"));
    refreshTokens.keySet().forEach(t -> out.put(t, "refresh token"));
    sessions.keySet().forEach(si -> out.put(si, "XfBytes"));
    return out;
  }

  // ---- Counters --------------------------------------------------------------------------

  /** Counts one request to a token endpoint. */
  public void countTokenRequest(TokenEndpointKind kind) {
    tokenRequests.get(kind).incrementAndGet();
  }

  /** How many requests reached the token endpoint of {@code kind}. */
  public long tokenRequests(TokenEndpointKind kind) {
    return tokenRequests.get(kind).get();
  }

  /** How many requests reached any token endpoint. */
  public long tokenRequests() {
    long n = 0;
    for (AtomicLong c : tokenRequests.values()) {
      n += c.get();
    }
    return n;
  }

  /** How many SessionInfos are held (live or not yet purged). */
  public int sessionCount() {
    return sessions.size();
  }

  private String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Drops expired tokens and sessions once the maps grow, so a long run does not leak memory. */
  private void purgeIfLarge() {
    Instant now = clock.instant();
    if (accessTokens.size() > MAX_BEFORE_PURGE) {
      accessTokens.values().removeIf(t -> !now.isBefore(t.expiry));
    }
    if (sessions.size() > MAX_BEFORE_PURGE) {
      List<String> dead = new ArrayList<>();
      sessions.forEach(
          (k, s) -> {
            if (s.expired() || !now.isBefore(s.lastUsed().plus(siIdle))) {
              dead.add(k);
            }
          });
      dead.forEach(sessions::remove);
    }
  }

  @Override
  public String toString() {
    return "IdentityStore{users=" + users.keySet() + "}";
  }
}
