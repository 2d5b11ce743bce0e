package io.redistenancy.internal.engine;

import io.redistenancy.internal.Checked;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.Handover;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer's connection files, rendered from a {@link ConnectionInfo}. The TLS files lie next to the .env
 * and are named relative to it, so the directory can be moved or copied as a whole.
 */
final class HandoverFiles implements Handover {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String CA = "REDIS_TLS_CA_FILE";
  private static final String CERT = "REDIS_TLS_CERT_FILE";
  private static final String KEY = "REDIS_TLS_KEY_FILE";
  private static final Map<String, String> JSON_TLS = Map.of(CA, "caFile", CERT, "certFile", KEY, "keyFile");

  private final ConnectionInfo info;

  HandoverFiles(ConnectionInfo info) {
    this.info = info;
  }

  @Override
  public String env() {
    StringBuilder env = new StringBuilder()
        .append("# Redis for tenant ").append(info.tenant()).append(". Keep this file secret.\n")
        .append("# REDIS_URL is the endpoint to prefer; TLS files are named relative to this file's directory.\n")
        .append("REDIS_URL=").append(info.url()).append('\n');
    endpointVariables().forEach((name, value) -> env.append(name).append('=').append(value).append('\n'));
    hostAndPort().ifPresent(tcp -> env
        .append("REDIS_HOST=").append(tcp.host().orElseThrow()).append('\n')
        .append("REDIS_PORT=").append(tcp.port()).append('\n')
        .append(tcp.isTls() ? "REDIS_TLS=yes\n" : ""));
    env.append("REDIS_USERNAME=").append(info.username()).append('\n')
        .append("REDIS_PASSWORD=").append(info.password()).append('\n');
    if (!info.keyPrefix().isEmpty()) {
      env.append("REDIS_KEY_PREFIX=").append(info.keyPrefix()).append('\n');
    }
    tlsFiles().forEach((name, file) -> env.append(name).append('=').append(file).append('\n'));
    // the name the tenant's own certificate carries: a client that checks it cannot be sent to another tenant
    info.serverName().ifPresent(name -> env.append("REDIS_TLS_SERVER_NAME=").append(name).append('\n'));
    return env.toString();
  }

  /**
   * A variable per endpoint: {@code REDIS_SOCKET} (the path) and {@code REDIS_SOCKET_URL}, {@code REDIS_TCP_URL},
   * {@code REDIS_TLS_URL}; a second endpoint of a kind gets {@code _2} appended, and so on.
   */
  private Map<String, String> endpointVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Endpoint e : info.endpoints()) {
      String kind = e.isUnixSocket() ? "SOCKET" : e.isTls() ? "TLS" : "TCP";
      int n = seen.merge(kind, 1, Integer::sum);
      String suffix = n == 1 ? "" : "_" + n;
      if (e.isUnixSocket()) {
        variables.put("REDIS_SOCKET" + suffix, e.socket().orElseThrow().toString());
      }
      variables.put("REDIS_" + kind + "_URL" + suffix, info.url(e));
    }
    return variables;
  }

  /** The TCP endpoint {@code REDIS_HOST} and {@code REDIS_PORT} name: the TLS one where there is one, as REDIS_URL. */
  private Optional<Endpoint> hostAndPort() {
    List<Endpoint> tcp = info.endpoints().stream().filter(e -> !e.isUnixSocket()).toList();
    return tcp.stream().filter(Endpoint::isTls).findFirst().or(() -> tcp.stream().findFirst());
  }

  @Override
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("tenant", info.tenant());
    root.put("url", info.url());
    root.put("username", info.username());
    root.put("password", info.password());
    if (!info.keyPrefix().isEmpty()) {
      root.put("keyPrefix", info.keyPrefix());
    }
    ArrayNode endpoints = root.putArray("endpoints");
    for (Endpoint e : info.endpoints()) {
      ObjectNode node = endpoints.addObject();
      if (e.isUnixSocket()) {
        node.put("socket", e.socket().orElseThrow().toString());
      } else {
        node.put("host", e.host().orElseThrow());
        node.put("port", e.port());
        if (e.isTls()) {
          node.put("tls", true);
        }
      }
      node.put("url", info.url(e));
    }
    Map<String, String> tls = tlsFiles();
    if (!tls.isEmpty()) {
      ObjectNode node = root.putObject("tls");
      tls.forEach((name, file) -> node.put(JSON_TLS.get(name), file));
      info.serverName().ifPresent(name -> node.put("serverName", name));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (java.io.IOException e) {
      throw new TenancyException("Cannot render the handover of tenant '" + info.tenant() + "'", e);
    }
  }

  @Override
  public List<Path> writeTo(Path directory) {
    PrivateFiles.directory(directory);
    Path dir = directory.toAbsolutePath();
    Path env = dir.resolve(info.tenant() + ".env");
    Path json = dir.resolve(info.tenant() + ".json");
    List<Path> written = new ArrayList<>();
    try {
      Map<String, String> tls = tlsFiles();
      writeTls(dir, tls.get(CA), info.caPem(), written);
      writeTls(dir, tls.get(CERT), info.clientCertificatePem(), written);
      writeTls(dir, tls.get(KEY), info.clientKeyPem(), written);
      PrivateFiles.write(env, env());
      PrivateFiles.write(json, json());
    } catch (Checked.IoFailure e) {
      throw new TenancyException("Cannot write the handover of tenant '" + info.tenant() + "' to " + directory
          + ": " + e.getCause().getMessage(), e);
    }
    written.add(0, json);
    written.add(0, env);
    return List.copyOf(written);
  }

  private static void writeTls(Path dir, String name, Optional<String> pem, List<Path> written) {
    if (name != null && pem.isPresent()) {
      Path file = dir.resolve(name);
      PrivateFiles.write(file, pem.get());
      written.add(file);
    }
  }

  /**
   * The TLS files a client needs, by their .env variable, as names relative to the handover's directory: the CA,
   * and the client certificate and key for mutual TLS.
   */
  private Map<String, String> tlsFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    if (info.caPem().isPresent()) { // absent where the JVM's default CAs are trusted
      files.put(CA, info.tenant() + "-ca.crt");
      if (info.clientCertificatePem().isPresent()) {
        files.put(CERT, info.tenant() + "-client.crt");
        files.put(KEY, info.tenant() + "-client.key");
      }
    }
    return files;
  }

  @Override
  public String toString() {
    return "Handover{" + info.tenant() + "}";
  }
}
