package io.redistenancy.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one instance keeps its files and listens, as the backend sees it from inside the instance
 * (a container's paths, a unit's paths). Built with {@link #builder()}; at least one of a UNIX
 * socket and a TCP port is required.
 */
public final class InstanceLayout {
  private final Path dataDirectory;
  private final Path aclFile;
  private final Path unixSocket;
  private final int unixSocketPermissions;
  private final String bindAddress;
  private final int port;
  private final boolean supervisedBySystemd;
  private final TlsFiles tls;

  private InstanceLayout(Builder b) {
    this.dataDirectory = b.dataDirectory;
    this.aclFile = b.aclFile;
    this.unixSocket = b.unixSocket;
    this.unixSocketPermissions = b.unixSocketPermissions;
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.supervisedBySystemd = b.supervisedBySystemd;
    this.tls = b.tls;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public Path aclFile() {
    return aclFile;
  }

  public Optional<Path> unixSocket() {
    return Optional.ofNullable(unixSocket);
  }

  /** Octal permissions of the socket, e.g. {@code 0600} (as an int: {@code 0600}). */
  public int unixSocketPermissions() {
    return unixSocketPermissions;
  }

  public Optional<String> bindAddress() {
    return Optional.ofNullable(bindAddress);
  }

  /** The TCP port, or 0 for no TCP listener. */
  public int port() {
    return port;
  }

  public boolean supervisedBySystemd() {
    return supervisedBySystemd;
  }

  /** The TLS listener and the files of {@link TlsMaterial}, when the instance speaks TLS. */
  public Optional<TlsFiles> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * A TLS listener on {@code bindAddress:port} (the plaintext {@code port} then is 0 or another port),
   * with the instance's certificate, key and trusted CAs at these paths, as the instance sees them.
   */
  public record TlsFiles(int port, Path certificate, Path key, Path caBundle) {
    public TlsFiles {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("TLS port " + port + " is out of range 1..65535");
      }
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(caBundle, "caBundle");
    }
  }

  /** Builds an {@link InstanceLayout}. */
  public static final class Builder {
    private Path dataDirectory;
    private Path aclFile;
    private Path unixSocket;
    private int unixSocketPermissions = 0600;
    private String bindAddress;
    private int port;
    private boolean supervisedBySystemd;
    private TlsFiles tls;

    private Builder() {}

    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    public Builder aclFile(Path aclFile) {
      this.aclFile = Objects.requireNonNull(aclFile, "aclFile");
      return this;
    }

    /** Listen on a UNIX socket with these octal permissions (e.g. {@code 0600}, {@code 0660}). */
    public Builder unixSocket(Path socket, int permissions) {
      if ((permissions & ~0777) != 0) {
        throw new IllegalArgumentException("socket permissions " + Integer.toOctalString(permissions)
            + " are not octal permission bits");
      }
      this.unixSocket = Objects.requireNonNull(socket, "socket");
      this.unixSocketPermissions = permissions;
      return this;
    }

    /** Listen on TCP {@code bindAddress:port}. */
    public Builder tcp(String bindAddress, int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
      }
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      this.port = port;
      return this;
    }

    /** Render {@code supervised systemd} so a {@code Type=notify} unit knows when Redis is ready. */
    public Builder supervisedBySystemd(boolean supervisedBySystemd) {
      this.supervisedBySystemd = supervisedBySystemd;
      return this;
    }

    /** Listen with TLS on {@code bindAddress:tls.port()}; {@link #tcp} is then optional. */
    public Builder tls(String bindAddress, TlsFiles tls) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    public InstanceLayout build() {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      Objects.requireNonNull(aclFile, "aclFile");
      if (unixSocket == null && port == 0 && tls == null) {
        throw new IllegalStateException("a layout needs a UNIX socket, a TCP port, a TLS port, or several");
      }
      return new InstanceLayout(this);
    }
  }
}
