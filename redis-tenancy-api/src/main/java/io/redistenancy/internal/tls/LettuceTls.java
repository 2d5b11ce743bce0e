package io.redistenancy.internal.tls;

import io.lettuce.core.SslOptions;
import io.redistenancy.ConnectionInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

/**
 * Lettuce TLS options from PEM suppliers. Lettuce reads the resources at every (re)connect, so
 * suppliers that return the current material carry a connection through renewals and CA rotations.
 */
public final class LettuceTls {
  private LettuceTls() {}

  /**
   * TLS 1.2/1.3 trusting the CAs of {@code current} (the JVM's default ones when it names none); where it
   * names the tenant's server name, accepting only a certificate that carries it (sent as SNI too),
   * whatever address the connection goes to; with {@code mutual}, presenting its client certificate and key.
   */
  public static SslOptions options(Supplier<ConnectionInfo> current, boolean mutual) {
    SslOptions.Builder b = SslOptions.builder().jdkSslProvider().protocols("TLSv1.3", "TLSv1.2");
    Optional<String> serverName = current.get().serverName();
    if (serverName.isPresent()) {
      b.trustManager(TenantServerTrust.of(() -> current.get().caPem().orElseThrow(), serverName.get()).factory());
      b.sslParameters(() -> {
        SSLParameters parameters = new SSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName.get())));
        return parameters;
      });
    } else if (current.get().caPem().isPresent()) {
      b.trustManager(pem(() -> current.get().caPem().orElseThrow()));
    }
    if (mutual) {
      b.keyManager(pem(() -> current.get().clientCertificatePem().orElseThrow()),
          pem(() -> current.get().clientKeyPem().orElseThrow()), null);
    }
    return b.build();
  }

  private static SslOptions.Resource pem(Supplier<String> text) {
    return () -> new ByteArrayInputStream(text.get().getBytes(StandardCharsets.US_ASCII));
  }
}
