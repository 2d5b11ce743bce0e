package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No password or private key shows up where it must not: logs (at debug level when this class is the
 * first in its JVM to log: SimpleLogger reads its level once), exception messages, events,
 * {@code toString()}, redis-server command lines and environments, and instance logs.
 */
class SecretsScanIT {
  static {
    System.setProperty("org.slf4j.simpleLogger.log.io.redistenancy", "debug");
  }

  private Path home;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void home() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-sec-");
  }

  @AfterEach
  void cleanUp() {
    TestFiles.deleteQuietly(home);
  }

  @Test
  void noSecretAppearsInLogsMessagesToStringsOrProcesses() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    List<String> exposed = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    try (RedisTenancy tenancy = RedisTenancy.builder().home(home).listener(listener)
        .backend(Backends.local().tcpPorts(TlsIT.FIRST_PORT + 20, TlsIT.FIRST_PORT + 49)).build()) {
      Tenant plain = tenancy.create("plain").apply();
      Tenant mutual = tenancy.create("mutual").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
      secrets.add(plain.connection().password());
      plain.rotatePassword(Duration.ofMinutes(5));
      mutual.renewCertificate();
      for (Tenant t : List.of(plain, mutual)) {
        ConnectionInfo info = t.connection();
        secrets.add(info.password());
        info.clientKeyPem().ifPresent(secrets::add);
        exposed.add(t.toString());
        exposed.add(info.toString());
        exposed.add(info.redisUri().toString());
        exposed.add(t.handover().toString());
        exposed.add(t.status().toString());
        exposed.add(t.certificate().toString());
        exposed.add(t.plan().toString());
      }
      exposed.add(tenancy.toString());
      exposed.add(message(() -> tenancy.create("plain").apply()));
      exposed.add(message(plain::renewCertificate));
      ConnectionInfo noClientCertificate = mutual.connection().withTls(mutual.connection().caPem().orElseThrow(), null, null);
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create();
      try {
        client.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(noClientCertificate.sslOptions()).build());
        exposed.add(message(() -> client.connect(noClientCertificate.redisUri()).close()));
      } finally {
        client.shutdown();
      }
      exposed.add(message(() -> tenancy.create("bad").access(Access.PLAIN).clientAuth(ClientAuth.REQUIRED).apply()));
      for (Path pid : redisPids()) {
        exposed.add(Files.readString(pid.resolve("cmdline")).replace('\0', ' '));
        exposed.add(new String(Files.readAllBytes(pid.resolve("environ")), StandardCharsets.UTF_8));
      }
      exposed.add(Files.readString(home.resolve("instances/tenants/mutual/redis.log")));
      exposed.add(Files.readString(home.resolve("instances/tenants/plain/redis.log")));
      listener.events().forEach(e -> exposed.add(e.toString()));
      secrets.addAll(keyBodies());
      for (var t : tenancy.tenants()) {
        io.redistenancy.contract.StateFilesOnDisk.secrets(home, t.name());
      }
      secrets.addAll(passwordsInSecretFiles());
      tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    exposed.add(captured.toString(StandardCharsets.UTF_8));

    assertThat(secrets).hasSizeGreaterThan(8);
    // the logger that logs every start: its level was fixed when the first test in this JVM created it
    if (org.slf4j.LoggerFactory.getLogger("io.redistenancy.internal.local.TenantProcess").isDebugEnabled()) {
      assertThat(captured.size()).as("debug logs were captured").isPositive();
    } else { // another test in this JVM initialised SimpleLogger first, at its configured level
      System.err.println("SecretsScanIT: logs scanned at the JVM's level only (run this IT alone for debug logs)");
    }
    for (String text : exposed) {
      for (String secret : secrets) {
        assertThat(text).as("a secret in: " + text.lines().findFirst().orElse("")).doesNotContain(secret);
      }
    }
  }

  private static String message(Runnable action) {
    Throwable t = catchThrowable(action::run);
    assertThat(t).isNotNull();
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }

  /** Every base64 line of every private key in the home: a fragment of a key is a leak too. */
  private List<String> keyBodies() throws IOException {
    List<String> out = new ArrayList<>();
    List<Path> keys;
    try (Stream<Path> files = Files.walk(home)) {
      keys = files.filter(p -> p.toString().endsWith(".key")).toList();
    }
    for (Path key : keys) {
      Files.readString(key).lines().filter(l -> !l.startsWith("-----") && l.length() > 20).forEach(out::add);
    }
    return out;
  }

  /** Admin and tenant passwords straight from the secret files (they hold 64-hex-digit passwords). */
  private List<String> passwordsInSecretFiles() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(home.resolve("secrets"))) {
      for (Path f : files.toList()) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9a-f]{64}").matcher(Files.readString(f));
        while (m.find()) {
          out.add(m.group());
        }
      }
    }
    return out;
  }

  /** /proc entries of redis-server processes that are this JVM's children. */
  private static List<Path> redisPids() {
    return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("redis-server"))
        .map(p -> Path.of("/proc", Long.toString(p.pid()))).toList();
  }
}
