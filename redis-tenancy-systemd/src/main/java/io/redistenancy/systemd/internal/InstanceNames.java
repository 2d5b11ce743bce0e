package io.redistenancy.systemd.internal;

import io.redistenancy.internal.KeptData;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Every name and path of one home's instances. The instance name is {@code <tag>-<tenant>}, where the
 * tag is 8 hex digits of SHA-256 of the owner id: two homes on one host never share a unit, user or
 * path. Units use {@code %i} (never {@code %I}), so the name is taken as it is.
 */
final class InstanceNames {
  static final String DROP_IN_NAME = "50-redis-tenancy.conf";
  static final String SOCKET_NAME = "redis.sock";
  /** Linux user and group names are at most 32 characters. */
  private static final int MAX_USER = 32;

  private final String unitName;
  private final Path configRoot;
  private final Path clientSocketDirectory;
  private final String ownerId;
  private final String tag;

  InstanceNames(SystemdSettings settings, String ownerId) {
    this.unitName = settings.unitName();
    this.configRoot = settings.configRoot();
    this.clientSocketDirectory = settings.clientSocketDirectory().orElse(runtimeRoot());
    this.ownerId = ownerId;
    this.tag = sha256Hex(ownerId).substring(0, 8);
  }

  String ownerId() {
    return ownerId;
  }

  String tag() {
    return tag;
  }

  String unitName() {
    return unitName;
  }

  String template() {
    return unitName + "@.service";
  }

  String instance(TenantId id) {
    return tag + "-" + id.value();
  }

  /** The tenant of an instance name, if it is one of this home's. */
  Optional<TenantId> tenantOf(String instance) {
    String prefix = tag + "-";
    if (!instance.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TenantId.of(instance.substring(prefix.length())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  String unit(TenantId id) {
    return unitName + "@" + instance(id) + ".service";
  }

  /** The tenant's system user and group: {@code rt<tag>-<tenant>}, shortened with a hash past 32 characters. */
  String user(TenantId id) {
    String full = "rt" + tag + "-" + id.value();
    if (full.length() <= MAX_USER) {
      return full;
    }
    String head = full.substring(0, MAX_USER - 9);
    return head + "-" + sha256Hex(id.value()).substring(0, 8);
  }

  /** The comment on the tenant's system user: what tells the library's own user from any other of that name. */
  String userComment(TenantId id) {
    return "redis-tenancy owner=" + ownerId + " tenant=" + id.value();
  }

  /** The file that marks the tenant's group (DynamicUser mode) as made by the library: groups have no comment. */
  Path groupMark(TenantId id) {
    return configRoot.resolve(instance(id) + ".group");
  }

  /** The user systemd allocates for the tenant in DynamicUser mode: {@link #user} with {@code rd} for {@code rt}. */
  String dynamicUser(TenantId id) {
    return "rd" + user(id).substring(2);
  }

  Path unitDirectory() {
    return Path.of("/etc/systemd/system");
  }

  Path templateFile() {
    return unitDirectory().resolve(template());
  }

  Path dropInDirectory(TenantId id) {
    return unitDirectory().resolve(unit(id) + ".d");
  }

  Path dropIn(TenantId id) {
    return dropInDirectory(id).resolve(DROP_IN_NAME);
  }

  Path configRoot() {
    return configRoot;
  }

  Path configFile(TenantId id) {
    return configRoot.resolve(instance(id) + ".conf");
  }

  Path aclFile(TenantId id) {
    return configRoot.resolve(instance(id) + ".acl");
  }

  /**
   * The instance's TCP port, {@code port N} or {@code tls-port N}, included at the end of its config
   * (root-owned, 0640, the tenant's group): written once the running instance took the port, so a
   * restart by systemd keeps it.
   */
  Path portFile(TenantId id) {
    return configRoot.resolve(instance(id) + ".port.conf");
  }

  /** The backend's own password for the instance's admin user, root-only (0600): it gives the port. */
  Path backendLogin(TenantId id) {
    return configRoot.resolve(instance(id) + ".backend");
  }

  /** A TLS tenant's files beside its config (tenant ids have no dots): certificate, key, trusted CAs. */
  InstanceLayout.TlsFiles tlsFiles(TenantId id, int port) {
    return new InstanceLayout.TlsFiles(port, tlsFile(id, "server.crt"), tlsFile(id, "server.key"), tlsFile(id, "ca.crt"));
  }

  private Path tlsFile(TenantId id, String suffix) {
    return configRoot.resolve(instance(id) + "." + suffix);
  }

  /** Every file of the tenant in the config root, TLS files and the port's included. */
  List<Path> configFiles(TenantId id) {
    return List.of(configFile(id), aclFile(id), tlsFile(id, "server.crt"), tlsFile(id, "server.key"),
        tlsFile(id, "ca.crt"), portFile(id), backendLogin(id));
  }

  Path stateRoot() {
    return Path.of("/var/lib").resolve(unitName);
  }

  Path dataDirectory(TenantId id) {
    return stateRoot().resolve(instance(id));
  }

  /**
   * The root-only directory beside the instances' data that holds what {@code KEEP_DATA} keeps
   * ({@link #retainedRoot}; data kept before that layout lie directly in it, as {@code INSTANCE-millis}).
   */
  Path keptRoot() {
    return stateRoot().resolve(".kept");
  }

  /**
   * Where {@code KEEP_DATA} moves data, as every backend does ({@link KeptData}):
   * {@code retained/INSTANCE-yyyyMMddTHHmmssZ} under {@link #keptRoot}, the instance name keeping
   * apart the homes that share the machine.
   */
  Path retainedRoot() {
    return keptRoot().resolve(KeptData.DIRECTORY);
  }

  Path runtimeRoot() {
    return Path.of("/run").resolve(unitName);
  }

  Path socket(TenantId id) {
    return runtimeRoot().resolve(instance(id)).resolve(SOCKET_NAME);
  }

  /** The socket as clients see it. */
  Path clientSocket(TenantId id) {
    return clientSocketDirectory.resolve(instance(id)).resolve(SOCKET_NAME);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
