package io.redistenancy.internal.engine;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The customer's connection files, rendered from a {@link ConnectionInfo}. */
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
    return env(Path.of(""));
  }

  /** The .env text, naming the TLS files as they lie in {@code directory}. */
  private String env(Path directory) {
    StringBuilder env = new StringBuilder()
        .append("# Redis for tenant ").append(info.tenant()).append(". Keep this file secret.\n")
        .append("REDIS_URL=").append(info.url()).append('\n');
    Endpoint e = info.endpoint();
    if (e.isUnixSocket()) {
      env.append("REDIS_SOCKET=").append(e.socket().orElseThrow()).append('\n');
    }
    info.endpoints().stream().filter(x -> !x.isUnixSocket()).findFirst().ifPresent(tcp -> env
        .append("REDIS_HOST=").append(tcp.host().orElseThrow()).append('\n')
        .append("REDIS_PORT=").append(tcp.port()).append('\n')
        .append(tcp.isTls() ? "REDIS_TLS=yes\n" : ""));
    env.append("REDIS_USERNAME=").append(info.username()).append('\n')
        .append("REDIS_PASSWORD=").append(info.password()).append('\n');
    if (!info.keyPrefix().isEmpty()) {
      env.append("REDIS_KEY_PREFIX=").append(info.keyPrefix()).append('\n');
    }
    tlsFiles(directory).forEach((name, file) -> env.append(name).append('=').append(file).append('\n'));
    return env.toString();
  }

  @Override
  public String json() {
    return json(Path.of(""));
  }

  private String json(Path directory) {
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
    }
    Map<String, Path> tls = tlsFiles(directory);
    if (!tls.isEmpty()) {
      ObjectNode node = root.putObject("tls");
      tls.forEach((name, file) -> node.put(JSON_TLS.get(name), file.toString()));
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
      Map<String, Path> tls = tlsFiles(dir);
      writeTls(tls.get(CA), info.caPem(), written);
      writeTls(tls.get(CERT), info.clientCertificatePem(), written);
      writeTls(tls.get(KEY), info.clientKeyPem(), written);
      PrivateFiles.write(env, env(dir));
      PrivateFiles.write(json, json(dir));
    } catch (java.io.UncheckedIOException e) {
      throw new TenancyException("Cannot write the handover of tenant '" + info.tenant() + "' to " + directory
          + ": " + e.getCause().getMessage(), e);
    }
    written.add(0, json);
    written.add(0, env);
    return List.copyOf(written);
  }

  private static void writeTls(Path file, Optional<String> pem, List<Path> written) {
    if (file != null && pem.isPresent()) {
      PrivateFiles.write(file, pem.get());
      written.add(file);
    }
  }

  /** The TLS files a client needs, by their .env variable: the CA, and the client certificate and key for mutual TLS. */
  private Map<String, Path> tlsFiles(Path directory) {
    Map<String, Path> files = new LinkedHashMap<>();
    if (info.caPem().isPresent()) { // absent where the JVM's default CAs are trusted
      files.put(CA, directory.resolve(info.tenant() + "-ca.crt"));
      if (info.clientCertificatePem().isPresent()) {
        files.put(CERT, directory.resolve(info.tenant() + "-client.crt"));
        files.put(KEY, directory.resolve(info.tenant() + "-client.key"));
      }
    }
    return files;
  }

  @Override
  public String toString() {
    return "Handover{" + info.tenant() + "}";
  }
}
