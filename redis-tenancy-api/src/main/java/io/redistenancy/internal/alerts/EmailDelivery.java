package io.redistenancy.internal.alerts;

import io.redistenancy.Alert;
import io.redistenancy.AlertNotice;
import io.redistenancy.InvalidRequestException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** One plain-text e-mail per notice through Jakarta Mail (Angus Mail's SMTP transport). */
public final class EmailDelivery implements Delivery {
  private final Session session;
  private final InternetAddress from;
  private final InternetAddress[] to;
  private final String user;
  private final char[] password;

  private EmailDelivery(Session session, InternetAddress from, InternetAddress[] to, String user, char[] password) {
    this.session = session;
    this.from = from;
    this.to = to;
    this.user = user;
    this.password = password;
  }

  /** Call {@link SmtpServer#requireMailLibrary()} first. */
  public static EmailDelivery create(SmtpServer server, String user, char[] password, boolean startTls, Duration timeout) {
    Properties properties = new Properties();
    properties.put("mail.transport.protocol", "smtp");
    properties.put("mail.smtp.host", server.host());
    properties.put("mail.smtp.port", Integer.toString(server.port()));
    properties.put("mail.smtp.auth", Boolean.toString(user != null));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
    properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
    properties.put("mail.smtp.ssl.checkserveridentity", "true");
    String millis = Long.toString(timeout.toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    InternetAddress[] recipients = server.to().stream().map(EmailDelivery::address).toArray(InternetAddress[]::new);
    return new EmailDelivery(Session.getInstance(properties), address(server.from()), recipients, user, password);
  }

  private static InternetAddress address(String text) {
    try {
      return new InternetAddress(text, true);
    } catch (AddressException e) {
      throw new InvalidRequestException("'" + text + "' is not an e-mail address: " + e.getMessage());
    }
  }

  @Override
  public void deliver(AlertNotice notice) throws MessagingException {
    Alert alert = notice.alert();
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, to);
    message.setSubject("[" + alert.severity() + "] " + alert.code() + alert.tenant().map(t -> " " + t).orElse("")
        + ": " + notice.change().name().toLowerCase(Locale.ROOT), "UTF-8");
    message.setText(body(notice), "UTF-8");
    message.setHeader("X-Redis-Tenancy-Alert", alert.id());
    if (user == null) {
      Transport.send(message);
    } else {
      Transport.send(message, user, new String(password));
    }
  }

  private static String body(AlertNotice notice) {
    Alert alert = notice.alert();
    StringBuilder text = new StringBuilder()
        .append(alert.message()).append("\n\n")
        .append("Change:      ").append(notice.change()).append('\n')
        .append("Alert:       ").append(alert.code()).append(" (").append(alert.id()).append(")\n")
        .append("Severity:    ").append(alert.severity()).append('\n')
        .append("Tenant:      ").append(alert.tenant().orElse("-")).append('\n')
        .append("Raised:      ").append(alert.raisedAt()).append('\n')
        .append("Occurrences: ").append(alert.occurrences()).append('\n');
    alert.resolvedAt().ifPresent(t -> text.append("Resolved:    ").append(t).append('\n'));
    alert.acknowledgement().ifPresent(a -> text.append("Acknowledged by ").append(a.by()).append(" at ")
        .append(a.at()).append(a.note().isEmpty() ? "" : ": " + a.note()).append('\n'));
    return text.toString();
  }
}
