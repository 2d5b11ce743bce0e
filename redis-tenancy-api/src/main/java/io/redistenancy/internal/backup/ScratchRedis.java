package io.redistenancy.internal.backup;

import io.redistenancy.internal.Checked;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.BackupException;
import io.redistenancy.Endpoint;
import io.redistenancy.ServerTls;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A private, throw-away {@code redis-server} that loads one RDB file and copies its keys to another
 * server: the way to put a snapshot into a server whose files the library cannot reach.
 *
 * <p>It listens on no TCP port, only on a UNIX socket in its own 0700 directory, saves nothing, and is
 * killed and deleted by {@link #close} (or, if this JVM dies first, by the next one: {@link ScratchLeftovers};
 * the directory is under the home, never in a world-writable one). The copy runs on the scratch server itself, a batch of keys at a
 * time, with {@code MIGRATE … COPY REPLACE AUTH2 user password KEYS …} inside a small script: SCAN
 * hands the script the keys as raw bytes (binary key names survive), and the values travel as Redis's
 * own {@code DUMP} payloads with their TTLs, never decoded by the library.
 */
public final class ScratchRedis implements AutoCloseable {
  /** Keys per MIGRATE: well below Lua's limit of 8000 arguments to unpack, and a short block per call. */
  static final int BATCH = 500;
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(30);
  private static final String COPY_BATCH = """
      local r = redis.call('SCAN', ARGV[1], 'COUNT', ARGV[2])
      if #r[2] > 0 then
        redis.call('MIGRATE', ARGV[3], ARGV[4], '', ARGV[5], ARGV[6], 'COPY', 'REPLACE', 'AUTH2', ARGV[7], ARGV[8],
          'KEYS', unpack(r[2]))
      end
      return {r[1], #r[2]}""";

  private static final String OUTSIDE_PREFIX = """
      local r = redis.call('SCAN', ARGV[1], 'COUNT', ARGV[2])
      local drop = {}
      for _, k in ipairs(r[2]) do
        if string.sub(k, 1, #ARGV[3]) ~= ARGV[3] then drop[#drop + 1] = k end
      end
      if #drop > 0 then redis.call(ARGV[4], unpack(drop)) end
      return {r[1], #drop}""";

  /** sun_path holds 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH_BYTES = 107;

  private final Path dir;
  private final Path socket;
  private final Process process;
  private final RespConnection conn;

  private ScratchRedis(Path dir, Path socket, Process process, RespConnection conn) {
    this.dir = dir;
    this.socket = socket;
    this.process = process;
    this.conn = conn;
  }

  /**
   * Starts {@code binary} on a copy of {@code rdb}, in a new private directory under {@code scratchRoot},
   * and waits until it has loaded it.
   *
   * @throws BackupException if it cannot start or load the file (its log is quoted)
   */
  public static ScratchRedis load(Path binary, Path rdb, Path scratchRoot) {
    return load(binary, rdb, Optional.empty(), scratchRoot);
  }

  /**
   * Like {@link #load(Path, Path, Path)}, for copying to a server that speaks TLS as {@code target} says:
   * MIGRATE then runs over TLS ({@code tls-cluster yes}), trusting only the target's CAs (the chain is
   * checked; Redis does not check the host name on its outgoing connections) and presenting the
   * target's client certificate where it has one.
   */
  public static ScratchRedis load(Path binary, Path rdb, Optional<ServerLogin> target, Path scratchRoot) {
    Path dir;
    Path socket;
    List<String> command;
    try {
      Path root = ScratchLeftovers.privateRoot(scratchRoot);
      ScratchLeftovers.sweepOnce(root);
      dir = Files.createTempDirectory(root, "s", PosixFilePermissions.asFileAttribute(PrivateFiles.DIR_0700));
      ScratchLeftovers.recordOwner(dir, Optional.empty());
      socket = socketIn(dir);
      Files.copy(rdb, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
      command = new ArrayList<>(List.of(binary.toString(), "--port", "0", "--unixsocket", socket.toString(),
          "--unixsocketperm", "700", "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "",
          "--appendonly", "no", "--repl-diskless-sync-delay", "0", "--logfile", dir.resolve("redis.log").toString()));
      if (target.isPresent() && target.get().serverTls().isPresent()) {
        command.addAll(tlsClient(dir, target.get()));
      }
    } catch (IOException | Checked.IoFailure e) {
      throw new BackupException("Cannot prepare a scratch redis-server to load " + rdb.getFileName() + ": " + e, e);
    }
    Process process = null;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      ScratchLeftovers.recordOwner(dir, Optional.of(process.toHandle()));
      return new ScratchRedis(dir, socket, process, awaitLoaded(process, socket, dir));
    } catch (IOException | RuntimeException e) {
      String log = log(dir);
      stop(process, dir, socket);
      throw new BackupException("A scratch redis-server (" + binary + ") could not load " + rdb.getFileName() + ": "
          + e.getMessage() + (log.isEmpty() ? "" : "; its log ends: " + log), e);
    }
  }

  /**
   * The socket in the server's directory, or, where that path would not fit in {@code sun_path}, in
   * this JVM's own private temp directory (created 0700 with a random name, so nobody can plant it).
   */
  private static Path socketIn(Path dir) throws IOException {
    Path inDir = dir.resolve("s.sock");
    if (inDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES) {
      return inDir;
    }
    return ProcessTemp.directory().resolve(dir.getFileName() + ".sock");
  }

  /** A per-JVM private temp directory for sockets whose home path is too long. */
  private static final class ProcessTemp {
    private static Path dir;

    static synchronized Path directory() throws IOException {
      if (dir == null) {
        dir = Files.createTempDirectory("redis-tenancy-", PosixFilePermissions.asFileAttribute(PrivateFiles.DIR_0700));
        Path created = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchLeftovers.deleteTree(created)));
      }
      return dir;
    }
  }

  /**
   * The TLS settings of a scratch server whose MIGRATE goes to {@code target}, with their files written
   * (0600) in its private directory: the CAs it trusts ({@link MigrateTrust}: the target's, or the one the target's own chain leads to), and
   * as its certificate the target's client certificate, or else a throw-away self-signed one (a TLS
   * context needs one; a server that does not ask for client certificates never sees it).
   */
  private static List<String> tlsClient(Path dir, ServerLogin login) throws IOException {
    ServerTls target = login.serverTls().orElseThrow();
    String caPem = MigrateTrust.caPem(login);
    String certificatePem;
    String keyPem;
    if (target.clientCertificatePem().isPresent()) {
      certificatePem = target.clientCertificatePem().get();
      keyPem = target.clientKeyPem().orElseThrow();
    } else {
      Instant now = Instant.now();
      IssuedCertificate throwAway = CertificateAuthority.create("redis-tenancy scratch", now.minusSeconds(60),
          now.plus(Duration.ofDays(1))).issued();
      certificatePem = throwAway.certificatePem();
      keyPem = throwAway.keyPem();
    }
    PrivateFiles.write(dir.resolve("tls-ca.crt"), caPem);
    PrivateFiles.write(dir.resolve("tls.crt"), certificatePem);
    PrivateFiles.write(dir.resolve("tls.key"), keyPem);
    return List.of("--tls-cluster", "yes", "--tls-ca-cert-file", dir.resolve("tls-ca.crt").toString(),
        "--tls-cert-file", dir.resolve("tls.crt").toString(), "--tls-key-file", dir.resolve("tls.key").toString(),
        "--tls-protocols", "TLSv1.2 TLSv1.3");
  }

  private static RespConnection awaitLoaded(Process process, Path socket, Path dir) throws IOException {
    long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("it exited with status " + process.exitValue());
      }
      Exception last = null;
      if (Files.exists(socket)) {
        try {
          RespConnection conn = RespConnection.open(Endpoint.unixSocket(socket), CALL_TIMEOUT);
          try {
            conn.call("PING");
            return conn;
          } catch (IOException | RespException loading) { // -LOADING while it reads the file
            conn.close();
            last = loading;
          }
        } catch (IOException notListeningYet) { // the socket file exists a moment before it listens
          last = notListeningYet;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("it did not load within " + LOAD_TIMEOUT.toMinutes() + " minutes"
            + (last == null ? "" : " (" + last.getMessage() + ")"));
      }
      sleep();
    }
  }

  /** What it holds, over every database. */
  public Keyspace keyspace() throws IOException {
    return Keyspace.of(conn.callString("INFO", "keyspace"));
  }

  /**
   * Copies every key, in every database, to the same database of {@code target}, replacing keys of the
   * same name there; reports the keys copied so far.
   */
  public void copyTo(ServerLogin target, LongConsumer copied) throws IOException {
    Endpoint to = target.endpoint();
    String timeoutMs = Long.toString(CALL_TIMEOUT.toMillis());
    long done = 0;
    for (int db : keyspace().databases()) {
      conn.call("SELECT", Integer.toString(db));
      String cursor = "0";
      do {
        List<?> reply = (List<?>) conn.call("EVAL", COPY_BATCH, "0", cursor, Integer.toString(BATCH),
            to.host().orElseThrow(), Integer.toString(to.port()), Integer.toString(db), timeoutMs, target.user(),
            target.password());
        cursor = reply.get(0).toString();
        done += (Long) reply.get(1);
        copied.accept(done);
      } while (!"0".equals(cursor));
    }
  }

  /** Where it listens; its default user has no password (only this process's user can reach the socket). */
  public Endpoint endpoint() {
    return Endpoint.unixSocket(socket);
  }

  /** Deletes every key that does not start with {@code prefix}, in every database. */
  public void keepOnly(String prefix) throws IOException {
    outside(prefix, "UNLINK");
  }

  /** How many keys, over every database, do not start with {@code prefix}. */
  public long countOutside(String prefix) throws IOException {
    return outside(prefix, "EXISTS");
  }

  /** Runs {@code command} (UNLINK, or the harmless EXISTS to count) on each key outside {@code prefix}. */
  private long outside(String prefix, String command) throws IOException {
    long found = 0;
    for (int db : keyspace().databases()) {
      conn.call("SELECT", Integer.toString(db));
      String cursor = "0";
      do {
        List<?> reply = (List<?>) conn.call("EVAL", OUTSIDE_PREFIX, "0", cursor, Integer.toString(BATCH), prefix, command);
        cursor = reply.get(0).toString();
        found += (Long) reply.get(1);
      } while (!"0".equals(cursor));
    }
    return found;
  }

  @Override
  public void close() {
    conn.close();
    stop(process, dir, socket);
  }

  private static void stop(Process process, Path dir, Path socket) {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ScratchLeftovers.deleteTree(dir);
    if (socket != null && !socket.startsWith(dir)) {
      ScratchLeftovers.deleteTree(socket);
    }
  }

  private static String log(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      throw Checked.interrupted("a scratch redis-server loaded a snapshot", e, BackupException::new);
    }
  }
}
