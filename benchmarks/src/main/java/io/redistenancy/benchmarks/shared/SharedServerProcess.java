package io.redistenancy.benchmarks.shared;

import io.redistenancy.benchmarks.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The shared server under test: a real {@code redis-server} on a free loopback port, the default user
 * off, an admin user for the backend in an aclfile (so every tenant's user is saved, as in production).
 * Closing kills it and removes its directory.
 */
final class SharedServerProcess implements AutoCloseable {
  static final String ADMIN = "ops";

  private final String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final TempDir dir = TempDir.create("rtb-shared-");
  private final int port;
  private final Process process;

  SharedServerProcess() {
    String configured = System.getenv("REDIS_TENANCY_REDIS_SERVER");
    String binary = configured == null || configured.isBlank() ? "redis-server" : configured;
    try {
      port = freePort();
      Path acl = Files.writeString(dir.path().resolve("users.acl"),
          "user default off\nuser " + ADMIN + " on #" + sha256(adminPassword) + " ~* &* +@all\n");
      Path conf = Files.writeString(dir.path().resolve("redis.conf"), String.join("\n",
          "port " + port, "bind 127.0.0.1", "dir " + dir.path(), "save \"\"", "appendonly no",
          "aclfile " + acl, "maxclients 10000",
          // no tenant may evict or starve the others (SharedServers.Risk)
          "client-output-buffer-limit normal 64mb 32mb 60", "maxmemory-clients 64mb", "proto-max-bulk-len 64mb", ""));
      process = new ProcessBuilder(binary, conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(dir.path().resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      dir.close();
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (RespLine admin = admin()) {
        admin.command("PING");
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("redis-server did not start on port " + port + ": " + e.getMessage());
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", stop);
        }
      }
    }
  }

  int port() {
    return port;
  }

  String adminPassword() {
    return adminPassword;
  }

  Path aclFile() {
    return dir.path().resolve("users.acl");
  }

  /** A connection authenticated as the admin user; the caller closes it. */
  RespLine admin() throws IOException {
    RespLine line = RespLine.open(port);
    try {
      line.command("AUTH", ADMIN, adminPassword);
      return line;
    } catch (IOException | RuntimeException e) {
      line.close();
      throw e;
    }
  }

  /** {@code used_memory} of the server, in bytes. */
  long usedMemory() throws IOException {
    try (RespLine admin = admin()) {
      String info = admin.command("INFO", "memory");
      return info.lines().filter(l -> l.startsWith("used_memory:")).mapToLong(l -> Long.parseLong(l.substring(12).trim()))
          .findFirst().orElseThrow(() -> new IOException("INFO memory has no used_memory"));
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dir.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
