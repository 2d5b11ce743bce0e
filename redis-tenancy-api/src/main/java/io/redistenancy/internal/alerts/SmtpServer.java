package io.redistenancy.internal.alerts;

import io.redistenancy.InvalidRequestException;
import java.util.List;

/**
 * Where the e-mail notifier sends, checked without touching the mail library (which is optional: a
 * class that uses it is loaded only after {@link #requireMailLibrary()} found it).
 */
public record SmtpServer(String host, int port, String from, List<String> to) {
  public SmtpServer {
    to = List.copyOf(to);
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ')) {
      throw new InvalidRequestException("SMTP host '" + host.strip() + "' must be a host name or address");
    }
    if (to.isEmpty()) {
      throw new InvalidRequestException("The e-mail notifier needs at least one recipient");
    }
  }

  public static void requireMailLibrary() {
    try {
      Class.forName("jakarta.mail.Session", false, SmtpServer.class.getClassLoader());
      Class.forName("org.eclipse.angus.mail.smtp.SMTPTransport", false, SmtpServer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new InvalidRequestException("Notifiers.email needs Angus Mail on the class path: add the dependency "
          + "org.eclipse.angus:angus-mail (its version is in redis-tenancy-bom)");
    }
  }
}
