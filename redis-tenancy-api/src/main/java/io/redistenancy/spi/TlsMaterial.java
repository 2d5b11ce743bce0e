package io.redistenancy.spi;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import java.util.Objects;

/**
 * What a TLS tenant's instance needs, as PEM text: the backend writes the three files (0600) where
 * the instance reads them and points {@link InstanceLayout.Builder#tls} at them. The engine issues
 * the material from the home's CA; a renewal arrives as a new spec through
 * {@link Backend#reconfigure}, after which the engine reloads it live ({@code CONFIG SET}).
 *
 * @param access TLS_ONLY or DUAL
 * @param clientAuth whether clients must present a certificate
 * @param caBundlePem the CAs the instance trusts for client certificates (more than one during a CA rotation)
 * @param certificatePem the instance's server certificate
 * @param keyPem its PKCS#8 key: a secret, never logged ({@link #toString()} leaves it out)
 */
public record TlsMaterial(Access access, ClientAuth clientAuth, String caBundlePem, String certificatePem,
    String keyPem) {
  public TlsMaterial {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(caBundlePem, "caBundlePem");
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(keyPem, "keyPem");
    if (!access.usesTls()) {
      throw new IllegalArgumentException("TLS material for access " + access + ", which has no TLS");
    }
  }

  @Override
  public String toString() {
    return "TlsMaterial{" + access + ", client auth " + clientAuth + ", key ****}";
  }
}
