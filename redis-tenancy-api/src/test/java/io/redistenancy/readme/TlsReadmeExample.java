package io.redistenancy.readme;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.CaRotationStep;
import io.redistenancy.ClientAuth;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RenewalReport;
import io.redistenancy.Tenant;
import java.nio.file.Path;
import java.time.Duration;

/** The README's TLS example, compiled by the build (and run by TlsReadmeExampleIT) so that it stays true. */
final class TlsReadmeExample {
  private TlsReadmeExample() {}

  static RenewalReport run(Path home, Path handoverDir, int firstPort, int lastPort) {
    // README-TLS-BEGIN
    try (RedisTenancy tenancy = RedisTenancy.builder().home(home)
        .backend(Backends.local().tcpPorts(firstPort, lastPort))    // TLS needs TCP
        .build()) {
      Tenant acme = tenancy.create("acme")
          .access(Access.TLS_ONLY)                    // port 0 + tls-port; or DUAL, or PLAIN
          .clientAuth(ClientAuth.REQUIRED)            // mutual TLS
          .apply();
      try (StatefulRedisConnection<String, String> conn = acme.connect()) {   // trusts acme's own CA, checks its name
        conn.sync().set("greeting", "hello");
      }
      acme.handover().writeTo(handoverDir);           // acme.env/.json + acme-ca.crt, acme-client.crt/.key, 0600

      acme.rotatePassword(Duration.ofHours(1));       // old password works one more hour
      acme.renewCertificate();                        // reloaded live: CONFIG SET of the tls-* files
      RenewalReport report = tenancy.renewCertificates(Duration.ofDays(30), p -> { });
      for (CaRotationStep step : CaRotationStep.values()) {   // new CA; both trusted until DROP_OLD
        tenancy.rotateCertificateAuthority(step, p -> { });
      }
      return report;
    }
    // README-TLS-END
  }
}
