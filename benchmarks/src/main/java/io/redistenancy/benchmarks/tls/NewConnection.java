package io.redistenancy.benchmarks.tls;

import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A new connection to a tenant, AUTH and PING, over TLS (trusting only the tenant's CA, verifying the
 * host name) or plain TCP: what an application pays per connection. JDK sockets only, no client library.
 */
final class NewConnection {
  private final SocketFactory factory;
  private final Endpoint endpoint;
  private final byte[] request;

  private NewConnection(SocketFactory factory, Endpoint endpoint, ConnectionInfo info) {
    this.factory = factory;
    this.endpoint = endpoint;
    this.request = (command("AUTH", info.username(), info.password()) + command("PING")).getBytes(StandardCharsets.UTF_8);
  }

  static NewConnection plain(ConnectionInfo info, Endpoint endpoint) {
    return new NewConnection(SocketFactory.getDefault(), endpoint, info);
  }

  static NewConnection tls(ConnectionInfo info, Endpoint endpoint) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(info.caPem().orElseThrow().getBytes(StandardCharsets.US_ASCII)));
    int i = 0;
    for (Certificate ca : cas) {
      trust.setCertificateEntry("ca" + i++, ca);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return new NewConnection(context.getSocketFactory(), endpoint, info);
  }

  long authPingNanos() throws IOException {
    long start = System.nanoTime();
    try (Socket socket = factory.createSocket()) {
      socket.setTcpNoDelay(true); // as clients do: Nagle plus delayed ACKs would add 40 ms to the handshake
      if (socket instanceof SSLSocket ssl) {
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
      }
      socket.connect(new InetSocketAddress(endpoint.host().orElseThrow(), endpoint.port()), 10_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      expectLine(in, "+OK");
      expectLine(in, "+PONG");
    }
    return System.nanoTime() - start;
  }

  private static void expectLine(InputStream in, String expected) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (!line.toString().equals(expected)) {
      throw new IOException("expected " + expected + ", got '" + line + "'");
    }
  }

  private static String command(String... args) {
    StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      out.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    return out.toString();
  }
}
