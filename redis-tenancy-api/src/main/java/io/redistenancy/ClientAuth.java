package io.redistenancy;

/** Whether a TLS tenant asks clients for a certificate from the home's CA ({@code tls-auth-clients}). */
public enum ClientAuth {
  /** Mutual TLS: a client without a valid clientAuth certificate is refused ({@code yes}). */
  REQUIRED("yes"),
  /** A client may present a certificate, which is then verified ({@code optional}). */
  OPTIONAL("optional"),
  /** Clients are not asked for a certificate ({@code no}; the default). */
  NONE("no");

  private final String redisValue;

  ClientAuth(String redisValue) {
    this.redisValue = redisValue;
  }

  /** The value of {@code tls-auth-clients}. */
  public String redisValue() {
    return redisValue;
  }

  /** Whether tenants get a client certificate in their handover. */
  public boolean issuesClientCertificates() {
    return this != NONE;
  }
}
