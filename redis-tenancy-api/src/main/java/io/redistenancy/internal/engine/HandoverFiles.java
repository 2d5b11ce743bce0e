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
import java.util.List;

/** The customer's connection files, rendered from a {@link ConnectionInfo}. */
final class HandoverFiles implements Handover {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ConnectionInfo info;

  HandoverFiles(ConnectionInfo info) {
    this.info = info;
  }

  @Override
  public String env() {
    StringBuilder env = new StringBuilder()
        .append("# Redis for tenant ").append(info.tenant()).append(". Keep this file secret.\n")
        .append("REDIS_URL=").append(info.url()).append('\n');
    Endpoint e = info.endpoint();
    if (e.isUnixSocket()) {
      env.append("REDIS_SOCKET=").append(e.socket().orElseThrow()).append('\n');
    }
    info.endpoints().stream().filter(x -> !x.isUnixSocket()).findFirst().ifPresent(tcp -> env
        .append("REDIS_HOST=").append(tcp.host().orElseThrow()).append('\n')
        .append("REDIS_PORT=").append(tcp.port()).append('\n'));
    env.append("REDIS_USERNAME=").append(info.username()).append('\n')
        .append("REDIS_PASSWORD=").append(info.password()).append('\n');
    if (!info.keyPrefix().isEmpty()) {
      env.append("REDIS_KEY_PREFIX=").append(info.keyPrefix()).append('\n');
    }
    return env.toString();
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
      }
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
    Path env = directory.resolve(info.tenant() + ".env");
    Path json = directory.resolve(info.tenant() + ".json");
    try {
      PrivateFiles.write(env, env());
      PrivateFiles.write(json, json());
    } catch (java.io.UncheckedIOException e) {
      throw new TenancyException("Cannot write the handover of tenant '" + info.tenant() + "' to " + directory
          + ": " + e.getCause().getMessage(), e);
    }
    return List.of(env, json);
  }

  @Override
  public String toString() {
    return "Handover{" + info.tenant() + "}";
  }
}
