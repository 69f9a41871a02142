package io.cubesql.onestream.emulator.internal.identity;

/** The token endpoints the emulator answers, one per identity provider (onestream-api.md §2). */
public enum TokenEndpointKind {
  /** Microsoft Entra ID: {@code /{tenant}/oauth2/v2.0/token}. */
  ENTRA,
  /** Okta: {@code /oauth2/default/v1/token} or {@code /oauth2/{authServerId}/v1/token}. */
  OKTA,
  /** PingFederate: {@code /as/token.oauth2}. */
  PING,
  /** OneStream IdentityServer: {@code /OneStreamIS/connect/token} (refresh tokens). */
  IDENTITY_SERVER
}
