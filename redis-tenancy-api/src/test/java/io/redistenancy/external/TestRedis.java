package io.redistenancy.external;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.resp.RespConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for one test class, on a loopback port, in its own directory, with an
 * admin user in an aclfile (or without an aclfile) and the default user switched off. Killed and
 * removed by {@link #close()}.
 */
public final class TestRedis implements AutoCloseable {
  public static final String ADMIN = "ops";
  public static final String ADMIN_PASSWORD = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private static final String REDIS_SERVER = System.getProperty("redistenancy.redis-server", "redis-server");

  private final Path dir;
  private final int port;
  private final List<String> extraConfig;
  private Process process;

  private TestRedis(Path dir, int port, List<String> extraConfig) {
    this.dir = dir;
    this.port = port;
    this.extraConfig = extraConfig;
  }

  /** A standalone server with an aclfile. */
  public static TestRedis start(Path root) throws Exception {
    return start(root, true, List.of());
  }

  /**
   * @param aclfile whether the admin user lives in an aclfile (ACL SAVE works) or in the config
   * @param extraConfig more redis.conf lines (e.g. cluster settings)
   */
  public static TestRedis start(Path root, boolean aclfile, List<String> extraConfig) throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(root.resolve("redis-" + port));
    List<String> conf = new ArrayList<>(List.of(
        "port " + port, "bind 127.0.0.1", "dir " + dir, "save \"\"", "appendonly no",
        // a backup's SYNC would otherwise wait 5 s for more replicas (the library leaves a server it
        // does not own as configured)
        "repl-diskless-sync-delay 0",
        // as permissive as a server can be: the tenant's ACL, not the server's switches, must refuse
        "enable-debug-command yes", "enable-module-command yes", "masteruser " + ADMIN, "masterauth " + ADMIN_PASSWORD,
        // what a shared server needs so that no tenant can evict or starve the others (SharedServers.Risk)
        "client-output-buffer-limit normal 64mb 32mb 60", "maxmemory-clients 64mb", "proto-max-bulk-len 64mb"));
    String users = "user default off\nuser " + ADMIN + " on #" + sha256(ADMIN_PASSWORD) + " ~* &* +@all\n";
    if (aclfile) {
      Files.writeString(dir.resolve("users.acl"), users);
      conf.add("aclfile " + dir.resolve("users.acl"));
    } else {
      users.lines().forEach(conf::add);
    }
    conf.addAll(extraConfig);
    Files.write(dir.resolve("redis.conf"), conf);
    TestRedis redis = new TestRedis(dir, port, extraConfig);
    redis.launch();
    return redis;
  }

  private void launch() throws Exception {
    process = new ProcessBuilder(REDIS_SERVER, dir.resolve("redis.conf").toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (RespConnection conn = admin()) {
        conn.callString("PING");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("redis-server on port " + port + " did not start: "
              + Files.readString(dir.resolve("redis.log")), e);
        }
        Thread.sleep(10);
      }
    }
  }

  public int port() {
    return port;
  }

  public Endpoint endpoint() {
    return Endpoint.tcp("127.0.0.1", port);
  }

  public Path dir() {
    return dir;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** A fresh connection authenticated as the admin user; the caller closes it. */
  public RespConnection admin() throws IOException {
    RespConnection conn = RespConnection.open(endpoint(), Duration.ofSeconds(10));
    try {
      conn.auth(ADMIN, ADMIN_PASSWORD);
      return conn;
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  /** Runs one admin command on a fresh connection. */
  public Object adminCall(String... args) throws IOException {
    try (RespConnection conn = admin()) {
      return conn.call(args);
    }
  }

  /** Kills the server (SIGKILL): a crash, as far as anyone connected can tell. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts it again on the same port and directory (after {@link #kill()}). */
  public void restart() throws Exception {
    kill();
    launch();
  }

  @Override
  public void close() throws Exception {
    kill();
    io.redistenancy.contract.TestFiles.deleteQuietly(dir);
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A loopback port that is free, and whose cluster bus port (+10000) is free as well. */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 30000);
      if (free(port) && free(port + 10000)) {
        return port;
      }
    }
    throw new IOException("no free loopback port pair found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
