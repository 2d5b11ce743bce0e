package io.redistenancy.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.AuditFilter;
import io.redistenancy.AuditRecord;
import io.redistenancy.AuditVerification;
import io.redistenancy.AuditVerification.Kind;
import io.redistenancy.MemorySize;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trail's files on a real file system: the chain, tampering, torn lines, retention, concurrency. */
class AuditLogTest {
  private static final Instant DAY_ONE = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path home;

  private Path dir() {
    return home.resolve("audit");
  }

  private static AuditRecord record(String actor, String operation, String tenant) {
    return new AuditRecord(0, Instant.now(), actor, operation, Optional.ofNullable(tenant),
        AuditParameters.none().size("maxMemory", MemorySize.ofMegabytes(64)).values(), Optional.empty(), Duration.ofMillis(3));
  }

  private static AuditLog open(Path dir, Instant now) {
    return AuditLog.open(dir, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(30));
  }

  private Path onlyFile() throws Exception {
    try (var files = Files.list(dir())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
  }

  private AuditLog withLines(int n) {
    AuditLog log = open(dir(), DAY_ONE);
    for (int i = 0; i < n; i++) {
      log.append(record("alice", "tenant.resize", "t" + i));
    }
    return log;
  }

  @Test
  void anUntouchedTrailVerifiesAndFilesArePrivate() throws Exception {
    try (AuditLog log = withLines(5)) {
      AuditVerification result = log.verify();
      assertThat(result.problems()).isEmpty();
      assertThat(result.lines()).isEqualTo(5);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onlyFile()))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    }
  }

  @Test
  void anEditedLineIsFoundByFileAndLine() throws Exception {
    try (AuditLog log = withLines(5)) {
      Path file = onlyFile();
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.set(2, lines.get(2).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""));
      Files.write(file, lines);

      AuditVerification result = log.verify();
      assertThat(result.intact()).isFalse();
      assertThat(result.problems()).singleElement().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(Kind.TAMPERED);
        assertThat(p.file()).isEqualTo(file.getFileName().toString());
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.message()).contains("line 3").contains("was edited");
      });
    }
  }

  @Test
  void removedAndInsertedLinesAreFound() throws Exception {
    try (AuditLog log = withLines(5)) {
      Path file = onlyFile();
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.remove(1);
      Files.write(file, lines);
      assertThat(log.verify().problems()).singleElement().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(Kind.TAMPERED);
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains("removed");
      });

      lines.add(1, lines.get(0)); // a copied line put back in place of the removed one
      Files.write(file, lines);
      assertThat(log.verify().problems()).extracting(AuditVerification.Problem::kind).contains(Kind.TAMPERED);
    }
  }

  @Test
  void linesRemovedFromTheEndAreFoundThroughTheHeadAndAfterAReopen() throws Exception {
    withLines(5).close();
    Path file = onlyFile();
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 3));
    try (AuditLog log = open(dir(), DAY_ONE)) {
      // the reopen wrote an audit.truncated line: appending on does not hide the removal
      log.append(record("bob", "tenant.start", "acme"));
      AuditVerification result = log.verify();
      assertThat(result.intact()).isFalse();
      assertThat(result.problems()).anySatisfy(p -> assertThat(p.message()).contains("removed"));
    }
  }

  @Test
  void concurrentAppendsMakeOneValidChain() throws Exception {
    int threads = 8;
    int each = 100;
    try (AuditLog log = open(dir(), DAY_ONE)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String actor = "actor" + t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            log.append(record(actor, "tenant.start", "acme"));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      AuditVerification result = log.verify();
      assertThat(result.problems()).isEmpty();
      assertThat(result.lines()).isEqualTo(threads * each);
      assertThat(log.query(AuditFilter.all()).stream().map(AuditRecord::sequence).distinct()).hasSize(threads * each);
      assertThat(log.query(AuditFilter.all().actor("actor3"))).hasSize(each);
    }
  }

  @Test
  void aTornLastLineIsToldApartFromTamperingAndAppendingGoesOn() throws Exception {
    withLines(3).close();
    Path file = onlyFile();
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size - 20); // what kill -9 in the middle of a write leaves: a line without its end
    }
    try (AuditLog before = AuditLog.open(dir(), Clock.fixed(DAY_ONE, ZoneOffset.UTC), Duration.ofDays(30))) {
      // the open already closed the torn line and said so in the trail
      AuditVerification result = before.verify();
      assertThat(result.intact()).as(result.problems().toString()).isTrue();
      assertThat(result.problems()).singleElement().satisfies(p -> {
        assertThat(p.kind()).isEqualTo(Kind.TORN);
        assertThat(p.line()).isEqualTo(3);
      });
      before.append(record("carol", "tenant.stop", "acme"));
      AuditVerification after = before.verify();
      assertThat(after.intact()).isTrue();
      assertThat(after.problems()).extracting(AuditVerification.Problem::kind).containsExactly(Kind.TORN);
      assertThat(before.query(AuditFilter.all().operation("audit.recovered"))).hasSize(1);
      assertThat(before.query(AuditFilter.all().actor("carol"))).singleElement()
          .satisfies(r -> assertThat(r.sequence()).isEqualTo(4));
    }
  }

  @Test
  void aTornLineNotYetRecoveredIsTornAndGarbageInTheMiddleIsTampering() throws Exception {
    try (AuditLog log = withLines(3)) {
      Path file = onlyFile();
      Files.write(file, "{\"seq\":4,\"time\":\"2026".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      assertThat(log.verify().problems()).singleElement()
          .satisfies(p -> assertThat(p.kind()).isEqualTo(Kind.TORN));

      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.set(1, "not a record");
      Files.write(file, lines.subList(0, 3));
      assertThat(log.verify().problems()).anySatisfy(p -> {
        assertThat(p.kind()).isEqualTo(Kind.TAMPERED);
        assertThat(p.line()).isEqualTo(2);
      });
    }
  }

  @Test
  void retentionDeletesOldDailyFilesAndTheChainStillVerifiesFromItsAnchor() throws Exception {
    try (AuditLog log = open(dir(), DAY_ONE)) {
      log.append(record("alice", "tenant.create", "acme"));
      log.append(record("alice", "tenant.start", "acme"));
    }
    Instant later = DAY_ONE.plus(Duration.ofDays(45));
    try (AuditLog log = open(dir(), later)) {
      log.append(record("bob", "tenant.stop", "acme"));
      assertThat(Files.exists(dir().resolve("audit-2026-12-01.jsonl"))).as("older than 30 days").isFalse();
      assertThat(Files.exists(dir().resolve("audit-2027-01-15.jsonl"))).isTrue();
      AuditVerification result = log.verify();
      assertThat(result.problems()).isEmpty();
      assertThat(log.query(AuditFilter.all())).singleElement().satisfies(r -> assertThat(r.sequence()).isEqualTo(3));
    }
  }

  @Test
  void queryFiltersByTimeTenantActorAndOperation() {
    try (AuditLog log = open(dir(), DAY_ONE)) {
      log.append(new AuditRecord(0, DAY_ONE, "alice", "tenant.create", Optional.of("acme"), java.util.Map.of(),
          Optional.empty(), Duration.ZERO));
      log.append(new AuditRecord(0, DAY_ONE.plusSeconds(60), "bob", "tenant.delete", Optional.of("beta"),
          java.util.Map.of(), Optional.of("TenancyException: boom"), Duration.ZERO));
      assertThat(log.query(AuditFilter.all().tenant("beta"))).singleElement()
          .satisfies(r -> assertThat(r.error()).contains("TenancyException: boom"));
      assertThat(log.query(AuditFilter.all().actor("alice").operation("tenant.create"))).hasSize(1);
      assertThat(log.query(AuditFilter.all().from(DAY_ONE.plusSeconds(30)))).extracting(AuditRecord::actor)
          .containsExactly("bob");
      assertThat(log.query(AuditFilter.all().until(DAY_ONE.plusSeconds(30)))).extracting(AuditRecord::actor)
          .containsExactly("alice");
    }
  }
}
