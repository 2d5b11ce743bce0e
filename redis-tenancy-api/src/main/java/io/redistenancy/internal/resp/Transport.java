package io.redistenancy.internal.resp;

import io.redistenancy.Endpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The byte streams to one instance endpoint: a UNIX socket, plaintext TCP, or TLS over TCP. Shared by
 * the library's short RESP conversations ({@link RespConnection}) and the snapshot stream of backups,
 * so both reach a TLS_ONLY tenant the same way. Closing it from another thread unblocks a pending read.
 */
public final class Transport implements Closeable {
  private final Closeable connection;
  private final InputStream in;
  private final OutputStream out;

  private Transport(Closeable connection, InputStream in, OutputStream out) {
    this.connection = connection;
    this.in = in;
    this.out = out;
  }

  /**
   * Connects to {@code endpoint}; a TLS endpoint with {@code tls} (the trusted CAs and, for mutual TLS,
   * the client key), verifying that the server's certificate names the endpoint's host. Fails at once
   * (no retry) if nothing listens there.
   *
   * @param timeout bounds the TCP connect and, on TCP, every read (UNIX sockets have no read timeout:
   *     callers that need one close the transport from a timer)
   */
  public static Transport open(Endpoint endpoint, Duration timeout, SSLContext tls) throws IOException {
    if (endpoint.isTls()) {
      if (tls == null) {
        throw new IOException(endpoint + " speaks TLS; no TLS context was given");
      }
      return openTls(endpoint, timeout, tls);
    }
    SocketAddress address;
    SocketChannel channel;
    if (endpoint.isUnixSocket()) {
      address = UnixDomainSocketAddress.of(endpoint.socket().orElseThrow());
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } else {
      address = new InetSocketAddress(endpoint.host().orElseThrow(), endpoint.port());
      channel = SocketChannel.open();
    }
    try {
      channel.connect(address);
      return new Transport(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Transport openTls(Endpoint endpoint, Duration timeout, SSLContext tls) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
    try {
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host or address
      params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      socket.setSSLParameters(params);
      socket.setTcpNoDelay(true); // the handshake's small records must not wait for delayed ACKs (40 ms)
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      socket.connect(new InetSocketAddress(endpoint.host().orElseThrow(), endpoint.port()), millis);
      socket.setSoTimeout(millis);
      socket.startHandshake();
      return new Transport(socket, socket.getInputStream(), socket.getOutputStream());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The certificate chain the server presented in the (verified) handshake, leaf first; empty for plaintext. */
  public List<X509Certificate> peerCertificates() throws IOException {
    if (!(connection instanceof SSLSocket socket)) {
      return List.of();
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate c : socket.getSession().getPeerCertificates()) {
      if (c instanceof X509Certificate x509) {
        chain.add(x509);
      }
    }
    return chain;
  }

  public InputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
