package io.redistenancy;

import io.redistenancy.internal.alerts.DeliverySettings;
import io.redistenancy.internal.alerts.EmailDelivery;
import io.redistenancy.internal.alerts.QueuedNotifier;
import io.redistenancy.internal.alerts.SmtpServer;
import io.redistenancy.internal.alerts.WebhookDelivery;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The library's {@link AlertNotifier}s. Each delivers on its own daemon thread from a bounded queue
 * (an operation never waits for it), retries a failed delivery with exponential backoff, and after
 * the last attempt appends the notice to its dead-letter file (JSON lines, 0600) for a person or a
 * script to replay.
 *
 * <pre>{@code
 * AlertNotifier hook = Notifiers.webhook(URI.create("https://ops.example/alerts"), secret)
 *     .deadLetter(home.resolve("webhook-dead-letter.jsonl")).build();
 * }</pre>
 */
public final class Notifiers {
  private Notifiers() {}

  /**
   * JSON POSTs ({@code {"change":"RAISED","alert":{...}}}) to {@code url}, each signed with
   * HMAC-SHA256 over the body under {@code secret}: header {@value WebhookDelivery#SIGNATURE_HEADER}
   * {@code = sha256=HEX}. A 2xx answer is a delivery.
   *
   * @param secret at least 16 bytes, shared with the receiver (copied; never logged)
   */
  public static Webhook webhook(URI url, byte[] secret) {
    return new Webhook(url, secret);
  }

  /**
   * Plain-text e-mails through an SMTP server, with STARTTLS required unless {@link Email#withoutStartTls()}.
   * Needs Angus Mail ({@code org.eclipse.angus:angus-mail}, in the BOM) on the class path.
   */
  public static Email email(String host, int port, String from, List<String> to) {
    return new Email(host, port, from, to);
  }

  /** What both notifiers share: retries, backoff, the queue and the dead letter. */
  public abstract static class Delivery<B extends Delivery<B>> {
    private int attempts = 5;
    private Duration backoff = Duration.ofSeconds(1);
    private int queueCapacity = 1_000;
    private Path deadLetter;

    Delivery() {}

    /** How many times to try a notice (default 5); @throws InvalidRequestException outside 1..100 */
    public B attempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new InvalidRequestException("attempts " + attempts + " must be between 1 and 100");
      }
      this.attempts = attempts;
      return self();
    }

    /** The wait before the first retry, doubled for each next one up to 5 minutes (default 1 s). */
    public B backoff(Duration backoff) {
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative() || backoff.isZero() || backoff.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new InvalidRequestException("backoff " + backoff + " must be positive and at most PT5M");
      }
      this.backoff = backoff;
      return self();
    }

    /** How many notices may wait (default 1,000); one more goes to the dead letter at once. */
    public B queueCapacity(int capacity) {
      if (capacity < 1 || capacity > 1_000_000) {
        throw new InvalidRequestException("queueCapacity " + capacity + " must be between 1 and 1000000");
      }
      this.queueCapacity = capacity;
      return self();
    }

    /** The file (created 0600, appended to) for notices that could not be delivered; required. */
    public B deadLetter(Path file) {
      this.deadLetter = Objects.requireNonNull(file, "deadLetter").toAbsolutePath().normalize();
      return self();
    }

    DeliverySettings settings(String name) {
      if (deadLetter == null) {
        throw new InvalidRequestException("The " + name + " notifier needs a deadLetter(Path) file for notices "
            + "it cannot deliver");
      }
      return new DeliverySettings(name, attempts, backoff, queueCapacity, deadLetter);
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** Starts the notifier's thread. */
    public abstract AlertNotifier build();
  }

  /** See {@link Notifiers#webhook}. */
  public static final class Webhook extends Delivery<Webhook> {
    private final URI url;
    private final byte[] secret;
    private Duration timeout = Duration.ofSeconds(10);

    private Webhook(URI url, byte[] secret) {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secret, "secret");
      if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
        throw new InvalidRequestException("webhook url " + url.getScheme() + "://" + url.getHost()
            + "... must be an http or https URL with a host");
      }
      if (secret.length < 16) {
        throw new InvalidRequestException("the webhook secret has " + secret.length + " bytes; give at least 16");
      }
      this.url = url;
      this.secret = secret.clone();
    }

    /** How long one POST may take, connecting included (default 10 s). */
    public Webhook timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    @Override
    public AlertNotifier build() {
      return new QueuedNotifier(settings("webhook"), new WebhookDelivery(url, secret, timeout));
    }
  }

  /** See {@link Notifiers#email}. */
  public static final class Email extends Delivery<Email> {
    private final SmtpServer server;
    private String user;
    private char[] password;
    private boolean startTls = true;
    private Duration timeout = Duration.ofSeconds(30);

    private Email(String host, int port, String from, List<String> to) {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (port < 1 || port > 65535) {
        throw new InvalidRequestException("SMTP port " + port + " must be between 1 and 65535");
      }
      this.server = new SmtpServer(host, port, from, to);
    }

    /** Authenticates as {@code user} (the password is copied; never logged). */
    public Email login(String user, char[] password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /** Sends without STARTTLS: only for a relay on this machine or a trusted network. */
    public Email withoutStartTls() {
      this.startTls = false;
      return this;
    }

    /** How long connecting and each SMTP step may take (default 30 s). */
    public Email timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    @Override
    public AlertNotifier build() {
      DeliverySettings settings = settings("email");
      SmtpServer.requireMailLibrary();
      EmailDelivery delivery = EmailDelivery.create(server, user, password, startTls, timeout);
      return new QueuedNotifier(settings, delivery);
    }

    @Override
    public String toString() {
      return "Email{" + server.host() + ":" + server.port() + (user == null ? "" : ", user " + user) + "}";
    }
  }
}
