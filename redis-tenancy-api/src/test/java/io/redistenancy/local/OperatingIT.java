package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.redistenancy.Alert;
import io.redistenancy.AlertNotifier;
import io.redistenancy.AuditFilter;
import io.redistenancy.AuditRecord;
import io.redistenancy.AuditVerification;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.MemorySize;
import io.redistenancy.Notifiers;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.alerts.WebhookDelivery;
import io.redistenancy.internal.alerts.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
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

/** The audit trail and the alerts of a real local tenancy: real redis-server, real HTTP and SMTP receivers. */
class OperatingIT {
  private static final byte[] SECRET = "operating-it-webhook-secret".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path home;
  private final RecordingListener listener = new RecordingListener();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    try (RedisTenancy last = RedisTenancy.builder().home(home).backend(Backends.local()).build()) {
      last.tenants().forEach(t -> t.delete(Deletion.PURGE));
    }
    TestFiles.deleteQuietly(home);
  }

  private <T extends AutoCloseable> T track(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private RedisTenancy open(AlertNotifier... notifiers) {
    RedisTenancy.Builder builder = RedisTenancy.builder().home(home).backend(Backends.local()).listener(listener);
    for (AlertNotifier n : notifiers) {
      builder.notifier(n);
    }
    return track(builder.build());
  }

  private String auditText() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(home.resolve("audit"))) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  @Test
  void operationsAreAttributedToTheirActorAndNoSecretReachesTheTrail() throws Exception {
    RedisTenancy tenancy = open();
    RedisTenancy alice = tenancy.as("alice@example.org");
    Tenant acme = alice.create("acme").maxMemory(MemorySize.ofMegabytes(32)).apply();
    String firstPassword = acme.connection().password();
    acme.resize(MemorySize.ofMegabytes(48));
    acme.reconfigure().maxMemory(MemorySize.ofMegabytes(40)).apply();
    acme.rotatePassword(Duration.ZERO);
    String secondPassword = acme.connection().password();
    tenancy.tenant("acme").orElseThrow().restart();
    alice.tenant("acme").orElseThrow().backups().create();

    List<AuditRecord> byAlice = tenancy.audit().query(AuditFilter.all().actor("alice@example.org"));
    assertThat(byAlice).extracting(AuditRecord::operation)
        .containsExactly("tenant.create", "tenant.resize", "tenant.reconfigure", "password.rotate", "backup.create");
    assertThat(byAlice.get(0).parameters()).containsEntry("maxMemory", "32mb");
    assertThat(byAlice).allSatisfy(r -> {
      assertThat(r.tenant()).contains("acme");
      assertThat(r.succeeded()).isTrue();
    });
    assertThat(tenancy.audit().query(AuditFilter.all().operation("tenant.restart"))).singleElement()
        .satisfies(r -> assertThat(r.actor()).isEqualTo(AuditRecord.LIBRARY));

    String trail = auditText();
    assertThat(firstPassword).isNotEqualTo(secondPassword);
    assertThat(trail).doesNotContain(firstPassword).doesNotContain(secondPassword);
    assertThat(tenancy.audit().verify().problems()).isEmpty();
  }

  @Test
  void aFailedOperationIsAuditedWithItsErrorAndATamperedLineIsFound() throws Exception {
    RedisTenancy tenancy = open();
    Tenant acme = tenancy.as("bob").create("acme").apply();
    try {
      tenancy.as("bob").tenant("acme").orElseThrow().resize(MemorySize.ofBytes(1));
    } catch (RuntimeException expected) {
      // refused: below the minimum
    }
    acme.stop();
    assertThat(tenancy.audit().query(AuditFilter.all().operation("tenant.resize"))).singleElement().satisfies(r -> {
      assertThat(r.succeeded()).isFalse();
      assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("InvalidRequestException"));
      assertThat(r.actor()).isEqualTo("bob");
    });

    Path file;
    try (Stream<Path> files = Files.list(home.resolve("audit"))) {
      file = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int create = indexOf(lines, "tenant.create");
    lines.set(create, lines.get(create).replace("\"actor\":\"bob\"", "\"actor\":\"eve\""));
    Files.write(file, lines);
    AuditVerification edited = tenancy.audit().verify();
    assertThat(edited.intact()).isFalse();
    assertThat(edited.problems()).anySatisfy(p -> {
      assertThat(p.file()).isEqualTo(file.getFileName().toString());
      assertThat(p.message()).contains("line " + (create + 1)).contains("edited");
    });

    lines.set(create, lines.get(create).replace("\"actor\":\"eve\"", "\"actor\":\"bob\""));
    lines.remove(create + 1);
    Files.write(file, lines);
    assertThat(tenancy.audit().verify().problems()).anySatisfy(p -> assertThat(p.message()).contains("removed"));
  }

  @Test
  void aRealCrashIsAlertedNotifiedOnceResolvedAcknowledgedAndKeptAcrossAReopen() throws Exception {
    WebhookReceiver receiver = track(new WebhookReceiver());
    GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    track(smtp::stop);
    AlertNotifier webhook = track(Notifiers.webhook(receiver.url(), SECRET).backoff(Duration.ofMillis(50))
        .deadLetter(home.resolve("webhook-dead.jsonl")).build());
    AlertNotifier email = track(Notifiers.email("127.0.0.1", smtp.getSmtp().getPort(), "alerts@example.org",
        List.of("oncall@example.org")).withoutStartTls().deadLetter(home.resolve("mail-dead.jsonl")).build());
    RedisTenancy tenancy = open(webhook, email);
    Tenant acme = tenancy.create("acme").apply();

    ProcessHandle.of(LocalTenancyIT.pid(acme)).orElseThrow().destroyForcibly(); // kill -9
    assertThat(listener.await(e -> e.type() == TenancyEvent.Type.RESTARTED && e.tenant().equals("acme"),
        Duration.ofSeconds(60))).as("restarted after kill -9").isTrue();

    List<Alert> recent = tenancy.alerts().recent();
    assertThat(recent).filteredOn(a -> a.code().equals(Alert.TENANT_DOWN)).singleElement().satisfies(a -> {
      assertThat(a.tenant()).contains("acme");
      assertThat(a.resolvedAt()).as("resolved by the restart").isPresent();
    });
    String id = recent.stream().filter(a -> a.code().equals(Alert.TENANT_DOWN)).findFirst().orElseThrow().id();
    assertThat(WebhookReceiver.await(() -> changes(receiver, id).size() >= 2, 60)).isTrue();
    assertThat(changes(receiver, id)).as("raised once, resolved once").containsExactly("RAISED", "RESOLVED");
    assertThat(receiver.received()).allSatisfy(r ->
        assertThat(r.signature()).isEqualTo(WebhookDelivery.signature(SECRET, r.body())));
    assertThat(smtp.waitForIncomingEmail(60_000, 2)).isTrue();
    assertThat(Stream.of(smtp.getReceivedMessages()).map(OperatingIT::subject))
        .contains("[CRITICAL] tenant.down acme: raised", "[CRITICAL] tenant.down acme: resolved");

    tenancy.as("carol").alerts().acknowledge(id, "was a kill -9 in a test");
    assertThat(WebhookReceiver.await(() -> changes(receiver, id).contains("ACKNOWLEDGED"), 60)).isTrue();
    assertThat(tenancy.audit().query(AuditFilter.all().operation("alert.acknowledge"))).singleElement()
        .satisfies(r -> assertThat(r.actor()).isEqualTo("carol"));

    tenancy.close();
    RedisTenancy reopened = open();
    assertThat(reopened.alerts().recent()).filteredOn(a -> a.id().equals(id)).singleElement().satisfies(a -> {
      assertThat(a.acknowledgement()).hasValueSatisfying(ack -> assertThat(ack.by()).isEqualTo("carol"));
      assertThat(a.resolvedAt()).isPresent();
    });
    assertThat(reopened.audit().query(AuditFilter.all().actor("carol"))).hasSize(1);
    assertThat(reopened.audit().verify().problems()).isEmpty();
  }

  private static List<String> changes(WebhookReceiver receiver, String alertId) {
    List<String> changes = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.received()) {
      try {
        JsonNode body = JSON.readTree(r.body());
        if (body.at("/alert/id").asText().equals(alertId)) {
          changes.add(body.get("change").asText());
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    return changes;
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static int indexOf(List<String> lines, String operation) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"operation\":\"" + operation + "\"")) {
        return i;
      }
    }
    throw new AssertionError(operation + " not in the trail");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
