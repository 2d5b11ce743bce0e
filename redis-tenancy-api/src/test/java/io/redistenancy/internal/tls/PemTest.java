package io.redistenancy.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemTest {
  @Test
  void clientKeysMayBeEcOrRsa() throws Exception {
    for (String algorithm : new String[] {"EC", "RSA"}) {
      PrivateKey key = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
      assertThat(Pem.parseEcOrRsaPrivateKey(Pem.privateKey(key))).as(algorithm).isEqualTo(key);
    }
  }

  @Test
  void aKeyOfNeitherKindIsRefusedWithoutShowingIt() throws Exception {
    PrivateKey dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair().getPrivate();
    String pem = Pem.privateKey(dsa);
    assertThatThrownBy(() -> Pem.parseEcOrRsaPrivateKey(pem)).hasMessage("not a PKCS#8 EC or RSA private key");
    String body = Base64.getEncoder().encodeToString(dsa.getEncoded());
    assertThatThrownBy(() -> Pem.parseEcOrRsaPrivateKey(pem + pem))
        .hasMessage("expected one PKCS#8 PRIVATE KEY block, found 2").message().doesNotContain(body.substring(0, 20));
  }
}
