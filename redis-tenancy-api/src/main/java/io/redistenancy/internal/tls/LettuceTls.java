package io.redistenancy.internal.tls;

import io.lettuce.core.SslOptions;
import io.redistenancy.ConnectionInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Lettuce TLS options from PEM suppliers. Lettuce reads the resources at every (re)connect, so
 * suppliers that return the current material carry a connection through renewals and CA rotations.
 */
public final class LettuceTls {
  private LettuceTls() {}

  /**
   * TLS 1.2/1.3 trusting the CAs of {@code current} (the JVM's default ones when it names none); with
   * {@code mutual}, presenting its client certificate and key.
   */
  public static SslOptions options(Supplier<ConnectionInfo> current, boolean mutual) {
    SslOptions.Builder b = SslOptions.builder().jdkSslProvider().protocols("TLSv1.3", "TLSv1.2");
    if (current.get().caPem().isPresent()) {
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
