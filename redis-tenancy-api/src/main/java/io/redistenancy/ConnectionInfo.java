package io.redistenancy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.redistenancy.internal.tls.LettuceTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the tenant's applications connect: endpoints, the tenant user and its password, and for a TLS
 * tenant the CA to trust and (for mutual TLS) the client certificate and key. The password and the key
 * are the customer's secrets: {@link #toString()} never shows them.
 */
public final class ConnectionInfo {
  private final String tenant;
  private final List<Endpoint> endpoints;
  private final String username;
  private final String password;
  private final String keyPrefix;
  private final String caPem;
  private final String clientCertificatePem;
  private final String clientKeyPem;
  /** A server with certificates of its own (a registered one); null when the home CA applies. */
  private final ServerTls serverTls;
  /** The name the tenant's server certificate carries and clients verify; null where there is none. */
  private final String serverName;

  /** For a dedicated instance: no key prefix. */
  public ConnectionInfo(String tenant, List<Endpoint> endpoints, String username, String password) {
    this(tenant, endpoints, username, password, "");
  }

  /**
   * @param keyPrefix the prefix every key and channel must carry (a tenant on a shared server), or
   *     empty
   */
  public ConnectionInfo(String tenant, List<Endpoint> endpoints, String username, String password, String keyPrefix) {
    this(tenant, endpoints, username, password, keyPrefix, null, null, null, null, null);
  }

  private ConnectionInfo(String tenant, List<Endpoint> endpoints, String username, String password, String keyPrefix,
      String caPem, String clientCertificatePem, String clientKeyPem, ServerTls serverTls, String serverName) {
    this.serverTls = serverTls;
    this.serverName = serverName;
    this.caPem = caPem;
    this.clientCertificatePem = clientCertificatePem;
    this.clientKeyPem = clientKeyPem;
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.endpoints = List.copyOf(endpoints);
    if (this.endpoints.isEmpty()) {
      throw new IllegalArgumentException("a tenant has at least one endpoint");
    }
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  public String tenant() {
    return tenant;
  }

  /** Every endpoint, preferred first. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The endpoint clients should use: a UNIX socket where there is one (fastest, no port). */
  public Endpoint endpoint() {
    return endpoints.get(0);
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /**
   * The prefix every key and channel must start with, e.g. {@code acme:} for a tenant on a shared
   * server (the server refuses anything else); empty for a dedicated instance.
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The same with TLS trust: {@code caPem} holds the CAs to trust (PEM); the client certificate and
   * key (PKCS#8 PEM) are null unless the tenant requires mutual TLS.
   */
  public ConnectionInfo withTls(String caPem, String clientCertificatePem, String clientKeyPem) {
    Objects.requireNonNull(caPem, "caPem");
    if ((clientCertificatePem == null) != (clientKeyPem == null)) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
    }
    return new ConnectionInfo(tenant, endpoints, username, password, keyPrefix, caPem, clientCertificatePem,
        clientKeyPem, null, serverName);
  }

  /**
   * The same, verifying that the server's certificate names {@code serverName} (a DNS name), whatever
   * address the connection goes to: the name only this tenant's instance carries.
   */
  public ConnectionInfo withServerName(String serverName) {
    Objects.requireNonNull(serverName, "serverName");
    if (!serverName.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException("server name '" + serverName.replaceAll("\\p{Cntrl}", "?")
          + "' is not a DNS name of lower-case letters, digits, '-' and '.'");
    }
    return new ConnectionInfo(tenant, endpoints, username, password, keyPrefix, caPem, clientCertificatePem,
        clientKeyPem, serverTls, serverName);
  }

  /**
   * The name the tenant's server certificate carries and clients must verify (SNI and host name check,
   * whatever address they connect to), for a TLS tenant of the home's CA; empty otherwise.
   */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /**
   * The same for a server whose certificates are its own: verified as {@code server} says, presenting
   * its client certificate where it has one.
   */
  public ConnectionInfo withServerTls(ServerTls server) {
    Objects.requireNonNull(server, "server");
    return new ConnectionInfo(tenant, endpoints, username, password, keyPrefix, server.caPem().orElse(null),
        server.clientCertificatePem().orElse(null), server.clientKeyPem().orElse(null), server, null);
  }

  /** The CAs a TLS client trusts (PEM), for a TLS tenant; empty too where the JVM's default CAs are trusted. */
  public Optional<String> caPem() {
    return Optional.ofNullable(caPem);
  }

  /** The client certificate (PEM), for a tenant that requires mutual TLS. */
  public Optional<String> clientCertificatePem() {
    return Optional.ofNullable(clientCertificatePem);
  }

  /** The client certificate's PKCS#8 key (PEM): a secret. */
  public Optional<String> clientKeyPem() {
    return Optional.ofNullable(clientKeyPem);
  }

  /**
   * Lettuce's TLS options for this tenant: trust only its CAs (or the JVM's), accept only a certificate naming
   * {@link #serverName()} where there is one, TLS 1.2 and 1.3, and present the client
   * certificate where the tenant requires one. Set them on the client that connects to a TLS endpoint:
   * {@code client.setOptions(ClientOptions.builder().sslOptions(info.sslOptions()).build())}.
   *
   * @throws IllegalStateException for a plaintext tenant
   */
  public SslOptions sslOptions() {
    if (!usesTls()) {
      throw new IllegalStateException("tenant " + tenant + " has no TLS endpoint");
    }
    return LettuceTls.options(() -> this, clientCertificatePem != null);
  }

  /** Whether this tenant has TLS endpoints. */
  public boolean usesTls() {
    return caPem != null || serverTls != null;
  }

  /** A Lettuce URI for {@link #endpoint()} with the tenant's credentials included. */
  public RedisURI redisUri() {
    return redisUri(endpoint());
  }

  /** A Lettuce URI for one of this tenant's endpoints, credentials included. */
  public RedisURI redisUri(Endpoint endpoint) {
    requireOwn(endpoint);
    RedisURI.Builder b = endpoint.isUnixSocket()
        ? RedisURI.Builder.socket(endpoint.socket().orElseThrow().toString())
        : RedisURI.Builder.redis(endpoint.host().orElseThrow(), endpoint.port());
    if (endpoint.isTls()) {
      // FULL: the certificate must come from a trusted CA and name the host (see sslOptions()); CA: the chain
      // only, where a registered server's ServerTls says so
      b.withSsl(true).withVerifyPeer(serverTls == null || serverTls.verifiesHostName() ? SslVerifyMode.FULL
          : SslVerifyMode.CA);
    }
    return b.withAuthentication(username, password.toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A standard URL with the credentials in it, the form a {@code REDIS_URL} variable takes: {@code rediss://} for
   * the TLS endpoint where the tenant has one, else {@code redis://} for its TCP endpoint, else {@code
   * unix://user:password@/path/to.sock} for its socket (the form redis-py's {@code from_url} and ioredis accept; {@code
   * redis-cli -u} and node-redis take only the first two, so give them the socket path instead). Lettuce has a
   * scheme of its own for sockets: use {@link #redisUri()}.
   */
  public String url() {
    Endpoint tls = first(Endpoint::isTls);
    Endpoint tcp = first(e -> !e.isUnixSocket());
    return url(tls != null ? tls : tcp != null ? tcp : endpoint());
  }

  /** The standard URL of one of this tenant's endpoints, credentials included (see {@link #url()}). */
  public String url(Endpoint endpoint) {
    requireOwn(endpoint);
    String auth = UrlParts.encode(username) + ":" + UrlParts.encode(password) + "@";
    if (endpoint.isUnixSocket()) {
      return "unix://" + auth + UrlParts.path(endpoint.socket().orElseThrow());
    }
    return (endpoint.isTls() ? "rediss://" : "redis://") + auth + UrlParts.host(endpoint.host().orElseThrow()) + ":"
        + endpoint.port();
  }

  private Endpoint first(java.util.function.Predicate<Endpoint> kind) {
    return endpoints.stream().filter(kind).findFirst().orElse(null);
  }

  private void requireOwn(Endpoint endpoint) {
    if (!endpoints.contains(endpoint)) {
      throw new InvalidRequestException(endpoint + " is not an endpoint of tenant " + tenant + "; its endpoints are "
          + endpoints);
    }
  }

  @Override
  public String toString() {
    return "ConnectionInfo{" + tenant + ", " + endpoints + ", user " + username
        + (keyPrefix.isEmpty() ? "" : ", key prefix " + keyPrefix) + ", password ****"
        + (clientKeyPem == null ? "" : ", client key ****") + "}";
  }

  /** Percent-encoding for the user-info and host parts of a URL. */
  static final class UrlParts {
    private UrlParts() {}

    static String encode(String s) {
      return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String host(String host) {
      return host.contains(":") ? "[" + host + "]" : host;
    }

    /** An absolute path with each name percent-encoded, the slashes kept. */
    static String path(java.nio.file.Path path) {
      StringBuilder out = new StringBuilder();
      path.forEach(name -> out.append('/').append(encode(name.toString())));
      return out.toString();
    }
  }
}
