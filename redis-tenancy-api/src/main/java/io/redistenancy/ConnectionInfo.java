package io.redistenancy;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the tenant's applications connect: endpoints, the tenant user and its password. The password
 * is the customer's secret: {@link #toString()} never shows it.
 */
public final class ConnectionInfo {
  private final String tenant;
  private final List<Endpoint> endpoints;
  private final String username;
  private final String password;
  private final String keyPrefix;

  /** For a dedicated instance: no key prefix. */
  public ConnectionInfo(String tenant, List<Endpoint> endpoints, String username, String password) {
    this(tenant, endpoints, username, password, "");
  }

  /**
   * @param keyPrefix the prefix every key and channel must carry (a tenant on a shared server), or
   *     empty
   */
  public ConnectionInfo(String tenant, List<Endpoint> endpoints, String username, String password, String keyPrefix) {
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

  /** A Lettuce URI for {@link #endpoint()} with the tenant's credentials included. */
  public RedisURI redisUri() {
    return redisUri(endpoint());
  }

  /** A Lettuce URI for one of this tenant's endpoints, credentials included. */
  public RedisURI redisUri(Endpoint endpoint) {
    if (!endpoints.contains(endpoint)) {
      throw new IllegalArgumentException(endpoint + " is not an endpoint of tenant " + tenant);
    }
    RedisURI.Builder b = endpoint.isUnixSocket()
        ? RedisURI.Builder.socket(endpoint.socket().orElseThrow().toString())
        : RedisURI.Builder.redis(endpoint.host().orElseThrow(), endpoint.port());
    return b.withAuthentication(username, password.toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A {@code redis://} URL for a TCP endpoint, or {@code redis-socket://} for a socket, with the
   * credentials in it: the form most clients accept in a {@code REDIS_URL} variable.
   */
  public String url() {
    Endpoint e = endpoint();
    String auth = UrlParts.encode(username) + ":" + UrlParts.encode(password) + "@";
    return e.isUnixSocket()
        ? "redis-socket://" + auth + e.socket().orElseThrow()
        : "redis://" + auth + UrlParts.host(e.host().orElseThrow()) + ":" + e.port();
  }

  @Override
  public String toString() {
    return "ConnectionInfo{" + tenant + ", " + endpoints + ", user " + username
        + (keyPrefix.isEmpty() ? "" : ", key prefix " + keyPrefix) + ", password ****}";
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
  }
}
