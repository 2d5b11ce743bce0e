package io.redistenancy.contract;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Real handshakes with a TLS tenant, as an application would make them, and a look at what it serves. */
public final class TlsProbe {
  private TlsProbe() {}

  /** PING on {@code endpoint} with a Lettuce client of its own, built from {@code info}'s URI and TLS options. */
  public static String ping(ConnectionInfo info, Endpoint endpoint) {
    RedisClient client = RedisClient.create();
    try {
      client.setOptions(ClientOptions.builder().sslOptions(info.sslOptions()).build());
      try (var conn = client.connect(info.redisUri(endpoint))) {
        return conn.sync().ping();
      }
    } finally {
      client.shutdown();
    }
  }

  /** The serial number (hex) of the server certificate on {@code info}'s endpoint, trusting its CAs. */
  public static String servedSerial(ConnectionInfo info) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int n = 0;
    for (var ca : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(info.caPem().orElseThrow().getBytes(StandardCharsets.US_ASCII)))) {
      trust.setCertificateEntry("ca-" + n++, ca);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    Endpoint e = info.endpoint();
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(e.host().orElseThrow(), e.port())) {
      socket.startHandshake(); // a server asking for a client certificate still shows its own first
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
    }
  }
}
