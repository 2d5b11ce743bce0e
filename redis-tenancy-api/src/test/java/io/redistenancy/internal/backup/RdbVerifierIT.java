package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.contract.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java CRC-64 and format checks against RDB files a real redis-server wrote. */
class RdbVerifierIT {
  private Path dir;
  private Process server;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "rt-rdb-");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.destroyForcibly();
    }
    TestFiles.deleteQuietly(dir);
  }

  /** Starts redis-server on a socket in {@code dir}, writes keys, SAVEs and stops it; returns dump.rdb. */
  private Path rdbWrittenByRedis(boolean checksum) throws Exception {
    Path socket = dir.resolve("r.sock");
    server = new ProcessBuilder("redis-server", "--port", "0", "--unixsocket", socket.toString(), "--dir", dir.toString(),
        "--save", "", "--enable-debug-command", "yes", "--rdbchecksum", checksum ? "yes" : "no").redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile()).start();
    for (int i = 0; i < 200 && !Files.exists(socket); i++) {
      Thread.sleep(10);
    }
    cli(socket, "DEBUG", "POPULATE", "5000");
    cli(socket, "SET", "big", "x".repeat(100_000));
    cli(socket, "SAVE");
    cli(socket, "SHUTDOWN", "NOSAVE");
    server.waitFor(10, TimeUnit.SECONDS);
    return dir.resolve("dump.rdb");
  }

  private static void cli(Path socket, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-s", socket.toString()));
    command.addAll(List.of(args));
    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void redisWrittenRdbPassesAndItsCrcIsComputedInJava() throws Exception {
    Path rdb = rdbWrittenByRedis(true);
    RdbVerifier.FileCheck check = RdbVerifier.create().check(rdb);
    assertThat(check.valid()).as(check.checks().toString()).isTrue();
    assertThat(check.version()).isEqualTo(10);
    assertThat(check.checks().get(1)).matches("CRC-64 [0-9a-f]{16} ok");
    assertThat(check.keys()).isEqualTo(5001);
  }

  @Test
  void bitFlipsAreCaughtByTheJavaCrcAlone() throws Exception {
    Path rdb = rdbWrittenByRedis(true);
    byte[] bytes = Files.readAllBytes(rdb);
    for (int at : new int[] {20, bytes.length / 3, bytes.length - 20}) {
      byte[] flipped = bytes.clone();
      flipped[at] ^= 0x01;
      Path bad = dir.resolve("flipped-" + at + ".rdb");
      Files.write(bad, flipped);
      RdbFormat.Check java = javaOnly(bad);
      assertThat(java.valid()).as("flip at %d", at).isFalse();
      assertThat(java.detail()).startsWith("corrupt: CRC-64 mismatch");
      assertThat(RdbVerifier.create().check(bad).valid()).isFalse();
    }
  }

  @Test
  void truncatedRdbIsReportedByBoth() throws Exception {
    byte[] bytes = Files.readAllBytes(rdbWrittenByRedis(true));
    Path cut = dir.resolve("cut.rdb");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(javaOnly(cut).detail()).contains("no end-of-file marker");
    RdbVerifier.FileCheck full = RdbVerifier.create().check(cut);
    assertThat(full.valid()).isFalse();
    assertThat(full.reason()).contains("no end-of-file marker");
  }

  @Test
  void checksumOffMeansStoredZero() throws Exception {
    RdbVerifier.FileCheck check = RdbVerifier.create().check(rdbWrittenByRedis(false));
    assertThat(check.valid()).isTrue();
    assertThat(check.checks()).anyMatch(c -> c.contains("checksum disabled"));
  }

  private static RdbFormat.Check javaOnly(Path file) throws IOException {
    RdbDigest digest = new RdbDigest();
    byte[] bytes = Files.readAllBytes(file);
    digest.update(bytes, 0, bytes.length);
    return digest.result();
  }
}
