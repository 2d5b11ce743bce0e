package io.redistenancy.benchmarks.provision;

import io.redistenancy.benchmarks.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor: {@code redis-server} spawned straight from Java with a minimal config on a UNIX socket,
 * polled with {@link Ping} until it answers. What any launcher, the library included, pays at least.
 */
public final class RawRedis implements Contender {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String binary;
  private final TempDir root = TempDir.create("rtb-raw-");
  private final AtomicInteger counter = new AtomicInteger(); // parallel starts each get their own directory

  public RawRedis() {
    String configured = System.getenv("REDIS_TENANCY_REDIS_SERVER");
    this.binary = configured == null || configured.isBlank() ? "redis-server" : configured;
  }

  @Override
  public String name() {
    return "raw redis-server";
  }

  @Override
  public String measures() {
    return "write a 7-line redis.conf, ProcessBuilder.start(), poll a fresh UNIX-socket connection with PING every "
        + Ping.POLL.toNanos() / 1000 + " us";
  }

  @Override
  public long startToPingNanos() throws InterruptedException {
    try (Instance instance = start()) {
      return instance.startToPingNanos;
    }
  }

  /** Starts one idle instance and waits for its PONG; the caller closes it. */
  public Instance start() {
    Path dir = root.path().resolve("r" + counter.getAndIncrement());
    Path socket = dir.resolve("redis.sock");
    long start = System.nanoTime();
    Process process;
    try {
      Files.createDirectory(dir);
      Path conf = Files.writeString(dir.resolve("redis.conf"), String.join("\n",
          "port 0", "unixsocket " + socket, "unixsocketperm 700", "dir " + dir, "save \"\"", "appendonly no",
          "daemonize no", ""));
      process = new ProcessBuilder(binary, conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary + " in " + dir, e);
    }
    Instance instance = new Instance(process, dir);
    try {
      instance.startToPingNanos = Ping.await(UnixDomainSocketAddress.of(socket), start, TIMEOUT, process::isAlive);
      return instance;
    } catch (RuntimeException e) {
      instance.close();
      throw e;
    }
  }

  @Override
  public void close() {
    root.close();
  }

  /** One running raw redis-server; closing stops it (SIGTERM, then SIGKILL) and removes its directory. */
  public static final class Instance implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private long startToPingNanos;

    private Instance(Process process, Path dir) {
      this.process = process;
      this.dir = dir;
    }

    long pid() {
      return process.pid();
    }

    /** Its data directory, where BGSAVE writes dump.rdb. */
    public Path dir() {
      return dir;
    }

    public Path socket() {
      return dir.resolve("redis.sock");
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      TempDir.delete(dir);
    }
  }
}
