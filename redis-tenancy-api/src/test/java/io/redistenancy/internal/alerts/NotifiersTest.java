package io.redistenancy.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.redistenancy.Alert;
import io.redistenancy.AlertNotice;
import io.redistenancy.AlertNotifier;
import io.redistenancy.AlertSeverity;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Notifiers;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook against a real HTTP receiver and the e-mail notifier against a real SMTP server (GreenMail). */
class NotifiersTest {
  private static final byte[] SECRET = "0123456789abcdef-webhook-secret".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  static AlertNotice notice(AlertNotice.Change change) {
    Alert alert = new Alert(UUID.randomUUID().toString(), Alert.TENANT_DOWN, AlertSeverity.CRITICAL, Optional.of("acme"),
        "Tenant 'acme' is down; read its log", Instant.parse("2026-12-01T10:00:00Z"),
        Instant.parse("2026-12-01T10:00:00Z"), 1, Optional.empty(), Optional.empty());
    return new AlertNotice(change, alert);
  }

  private Notifiers.Webhook webhook(WebhookReceiver receiver) {
    return Notifiers.webhook(receiver.url(), SECRET).backoff(Duration.ofMillis(20)).deadLetter(dir.resolve("dead.jsonl"));
  }

  @Test
  void webhookPostsSignedJson() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(); AlertNotifier notifier = webhook(receiver).build()) {
      AlertNotice notice = notice(AlertNotice.Change.RAISED);
      notifier.send(notice);
      assertThat(WebhookReceiver.await(() -> receiver.received().size() == 1, 30)).isTrue();
      WebhookReceiver.Received got = receiver.received().get(0);
      assertThat(got.signature()).isEqualTo(WebhookDelivery.signature(SECRET, got.body()))
          .isNotEqualTo(WebhookDelivery.signature("another-secret-of-16+bytes".getBytes(StandardCharsets.UTF_8), got.body()));
      JsonNode body = AlertJson.JSON.readTree(got.body());
      assertThat(body.get("change").asText()).isEqualTo("RAISED");
      assertThat(body.at("/alert/id").asText()).isEqualTo(notice.alert().id());
      assertThat(body.at("/alert/code").asText()).isEqualTo("tenant.down");
    }
  }

  @Test
  void webhookRetriesWithBackoffUntilTheReceiverTakesIt() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(); AlertNotifier notifier = webhook(receiver).attempts(5).build()) {
      receiver.failNext(3);
      notifier.send(notice(AlertNotice.Change.RAISED));
      assertThat(WebhookReceiver.await(() -> receiver.received().size() == 1, 30)).isTrue();
      assertThat(receiver.attempts()).isEqualTo(4);
      assertThat(dir.resolve("dead.jsonl")).doesNotExist();
    }
  }

  @Test
  void webhookKeepsANoticeInTheDeadLetterAfterTheLastAttempt() throws Exception {
    Path deadLetter = dir.resolve("dead.jsonl");
    try (WebhookReceiver receiver = new WebhookReceiver(); AlertNotifier notifier = webhook(receiver).attempts(3).build()) {
      receiver.failNext(-1);
      AlertNotice notice = notice(AlertNotice.Change.RESOLVED);
      notifier.send(notice);
      assertThat(WebhookReceiver.await(() -> Files.exists(deadLetter) && lines(deadLetter).size() == 1, 30)).isTrue();
      assertThat(receiver.attempts()).isEqualTo(3);
      JsonNode line = AlertJson.JSON.readTree(lines(deadLetter).get(0));
      assertThat(line.get("attempts").asInt()).isEqualTo(3);
      assertThat(line.get("error").asText()).contains("HTTP 500");
      assertThat(line.at("/notice/alert/id").asText()).isEqualTo(notice.alert().id());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deadLetter))).isEqualTo("rw-------");
      assertThat(Files.readString(deadLetter)).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFullQueueNeverBlocksTheCallerAndGoesToTheDeadLetter() throws Exception {
    Path deadLetter = dir.resolve("dead.jsonl");
    try (WebhookReceiver receiver = new WebhookReceiver();
        AlertNotifier notifier = webhook(receiver).queueCapacity(1).attempts(100).backoff(Duration.ofMinutes(5)).build()) {
      receiver.failNext(-1); // the first notice waits minutes between attempts: the queue fills
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        notifier.send(notice(AlertNotice.Change.RAISED));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(WebhookReceiver.await(() -> Files.exists(deadLetter) && lines(deadLetter).size() >= 3, 30)).isTrue();
      assertThat(Files.readString(deadLetter)).contains("queue of 1 notices was full");
    }
  }

  @Test
  void webhookRefusesAShortSecretAndAMissingDeadLetter() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      assertThatThrownBy(() -> Notifiers.webhook(receiver.url(), new byte[8])).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("at least 16");
      assertThatThrownBy(() -> Notifiers.webhook(receiver.url(), SECRET).build())
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("deadLetter");
    }
  }

  @Test
  void emailIsSentThroughARealSmtpServerWithLogin() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("alerts@example.org", "ops", "smtp-password");
    smtp.start();
    try (AlertNotifier notifier = Notifiers.email("127.0.0.1", smtp.getSmtp().getPort(), "alerts@example.org",
        List.of("oncall@example.org")).login("ops", "smtp-password".toCharArray()).withoutStartTls()
        .backoff(Duration.ofMillis(20)).deadLetter(dir.resolve("mail-dead.jsonl")).build()) {
      AlertNotice notice = notice(AlertNotice.Change.RAISED);
      notifier.send(notice);
      assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getSubject()).isEqualTo("[CRITICAL] tenant.down acme: raised");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
      assertThat((String) mail.getContent()).contains("Tenant 'acme' is down").contains(notice.alert().id());
    } finally {
      smtp.stop();
    }
  }

  @Test
  void emailRequiresStartTlsByDefaultAndKeepsWhatItCouldNotSend() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Path deadLetter = dir.resolve("mail-dead.jsonl");
    try (AlertNotifier notifier = Notifiers.email("127.0.0.1", smtp.getSmtp().getPort(), "alerts@example.org",
        List.of("oncall@example.org")).attempts(2).backoff(Duration.ofMillis(20)).deadLetter(deadLetter).build()) {
      notifier.send(notice(AlertNotice.Change.RAISED));
      assertThat(WebhookReceiver.await(() -> Files.exists(deadLetter) && lines(deadLetter).size() == 1, 30)).isTrue();
      assertThat(smtp.getReceivedMessages()).as("never sent in plain text").isEmpty();
      assertThat(lines(deadLetter).get(0)).containsIgnoringCase("STARTTLS");
    } finally {
      smtp.stop();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
