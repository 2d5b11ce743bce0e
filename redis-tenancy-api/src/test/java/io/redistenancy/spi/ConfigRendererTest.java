package io.redistenancy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.MemorySize;
import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigRendererTest {
  private static final String ADMIN_HASH = "a".repeat(64);
  private static final String TENANT_HASH = "0123456789abcdef".repeat(4);
  private static final String OLD_TENANT_HASH = "f".repeat(64);

  /** Directives the library itself writes although a plan may never set them. */
  private static final Set<String> LIBRARY_OWN = Set.of("daemonize", "protected-mode", "port", "bind", "unixsocket",
      "unixsocketperm", "supervised", "dir", "dbfilename", "appenddirname", "aclfile", "enable-debug-command",
      "enable-module-command", "enable-protected-configs", "sanitize-dump-payload");
  /** Directives that come from typed plan values. */
  private static final Set<String> FROM_PLAN = Set.of("maxmemory", "maxmemory-policy", "maxclients", "databases",
      "timeout", "tcp-keepalive", "save", "appendonly", "appendfsync", "aof-use-rdb-preamble",
      "notify-keyspace-events");
  /** Never written, whatever the input. */
  private static final List<String> NEVER = List.of("include", "loadmodule", "logfile", "pidfile", "appendfilename",
      "user", "requirepass", "masterauth", "masteruser", "replicaof", "slaveof", "rename-command", "tls-");

  private static InstanceSpec spec(Plan plan) {
    return new InstanceSpec(TenantId.of("acme"), plan, List.of());
  }

  private static InstanceLayout tcpLayout() {
    return InstanceLayout.builder().dataDirectory(Path.of("/var/lib/rt/acme/data"))
        .aclFile(Path.of("/var/lib/rt/acme/users.acl")).tcp("127.0.0.1", 6390).build();
  }

  private static InstanceLayout socketLayout() {
    return InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of("/etc/redis/users.acl"))
        .unixSocket(Path.of("/run/rt/acme.sock"), 0660).supervisedBySystemd(true).build();
  }

  private static Plan plan(Persistence persistence) {
    return Plan.builder("premium").persistence(persistence)
        .savePoints(List.of(new SavePoint(900, 1), new SavePoint(300, 10))).build();
  }

  private static List<String> lines(String conf) {
    return Arrays.stream(conf.split("\n")).filter(l -> !l.startsWith("#")).collect(Collectors.toList());
  }

  @Test
  void rendersTheWholeConfigurationForTcp() {
    Plan plan = Plan.builder("premium").maxMemory(MemorySize.ofMegabytes(256)).persistence(Persistence.RDB)
        .savePoints(List.of(new SavePoint(900, 1), new SavePoint(300, 10))).maxClients(500).databases(4)
        .idleTimeout(Duration.ofSeconds(300)).tcpKeepAlive(Duration.ofSeconds(60)).build();

    assertThat(ConfigRenderer.redisConf(spec(plan), tcpLayout())).isEqualTo("""
        # Rendered by redis-tenancy for tenant acme; do not edit.
        daemonize no
        protected-mode yes
        port 6390
        bind 127.0.0.1
        dir /var/lib/rt/acme/data
        dbfilename dump.rdb
        appenddirname appendonlydir
        aclfile /var/lib/rt/acme/users.acl
        enable-debug-command no
        enable-module-command no
        enable-protected-configs no
        sanitize-dump-payload yes
        maxmemory 268435456
        maxmemory-policy noeviction
        maxclients 500
        databases 4
        timeout 300
        tcp-keepalive 60
        save 900 1
        save 300 10
        appendonly no
        appendfsync everysec
        aof-use-rdb-preamble yes
        """);
  }

  @Test
  void socketLayoutHasNoTcpListenerAndTellsSystemd() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(Plan.DEFAULT), socketLayout()));

    assertThat(lines).contains("port 0", "unixsocket /run/rt/acme.sock", "unixsocketperm 660", "supervised systemd",
        "dir /data", "aclfile /etc/redis/users.acl");
    assertThat(lines).noneMatch(l -> l.startsWith("bind "));
  }

  @Test
  void persistenceNone() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(Persistence.NONE)), tcpLayout()));
    assertThat(lines).contains("save \"\"", "appendonly no").noneMatch(l -> l.matches("save \\d+ \\d+"));
  }

  @Test
  void persistenceRdb() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(Persistence.RDB)), tcpLayout()));
    assertThat(lines).containsSubsequence("save 900 1", "save 300 10", "appendonly no").doesNotContain("save \"\"");
  }

  @Test
  void persistenceAofEverysec() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(Persistence.AOF_EVERYSEC)), tcpLayout()));
    assertThat(lines).containsSubsequence("save \"\"", "appendonly yes", "appendfsync everysec")
        .noneMatch(l -> l.matches("save \\d+ \\d+"));
  }

  @Test
  void persistenceAofAlways() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(Persistence.AOF_ALWAYS)), tcpLayout()));
    assertThat(lines).containsSubsequence("save \"\"", "appendonly yes", "appendfsync always")
        .noneMatch(l -> l.matches("save \\d+ \\d+"));
  }

  @Test
  void persistenceRdbAndAof() {
    List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(Persistence.RDB_AND_AOF)), tcpLayout()));
    assertThat(lines).containsSubsequence("save 900 1", "save 300 10", "appendonly yes", "appendfsync everysec")
        .doesNotContain("save \"\"");
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void writesOnlyKnownDirectivesAndNeverAForbiddenOne(Persistence persistence) {
    for (InstanceLayout layout : List.of(tcpLayout(), socketLayout())) {
      List<String> lines = lines(ConfigRenderer.redisConf(spec(plan(persistence)), layout));
      for (String line : lines) {
        String directive = line.split(" ")[0];
        assertThat(directive).as(line).isIn(union());
        assertThat(NEVER).noneMatch(directive::startsWith);
        assertThat(line).doesNotContain("\r", "\t", "'", "\\").matches("[a-z-]+( [^ ]+)+");
      }
      assertThat(lines).contains("enable-debug-command no", "enable-module-command no", "enable-protected-configs no",
          "protected-mode yes", "daemonize no", "sanitize-dump-payload yes");
    }
  }

  private static Set<String> union() {
    return java.util.stream.Stream.concat(LIBRARY_OWN.stream(), FROM_PLAN.stream()).collect(Collectors.toSet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/var/lib/my data", "/var/lib/it's", "/var/lib/\"x\"", "/var/lib/x\ninclude /tmp/evil.conf",
      "/var/lib/x\r", "relative/data", "/var/lib/x#y", "/var/lib/tab\there", "/var/lib/ünï"})
  void refusesALayoutPathItCannotWriteSafely(String path) {
    InstanceLayout dataDir = InstanceLayout.builder().dataDirectory(Path.of(path)).aclFile(Path.of("/acl"))
        .tcp("127.0.0.1", 6390).build();
    InstanceLayout aclFile = InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of(path))
        .tcp("127.0.0.1", 6390).build();
    InstanceLayout socket = InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of("/acl"))
        .unixSocket(Path.of(path), 0600).build();

    for (InstanceLayout layout : List.of(dataDir, aclFile, socket)) {
      assertThatThrownBy(() -> ConfigRenderer.redisConf(spec(Plan.DEFAULT), layout))
          .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("' cannot be written to redis.conf: use "
              + "an absolute path of letters, digits and . _ - / @ + only")
          .hasMessageNotContaining("\n").hasMessageNotContaining("\r");
    }
  }

  @Test
  void refusalOfAPathIsExact() {
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/var/lib/my data"))
        .aclFile(Path.of("/acl")).tcp("127.0.0.1", 6390).build();
    assertThatThrownBy(() -> ConfigRenderer.redisConf(spec(Plan.DEFAULT), layout))
        .hasMessage("path '/var/lib/my data' cannot be written to redis.conf: use an absolute path of letters, "
            + "digits and . _ - / @ + only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1 -::*", "127.0.0.1\nrequirepass x", "\"0.0.0.0\"", "0.0.0.0#", ""})
  void refusesABindAddressThatIsNotOneToken(String address) {
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of("/acl"))
        .tcp(address, 6390).build();
    assertThatThrownBy(() -> ConfigRenderer.redisConf(spec(Plan.DEFAULT), layout))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("' is not a safe redis.conf token (a bug: "
            + "typed values never contain this)");
  }

  @Test
  void ipv6BindAddressIsOneToken() {
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/data")).aclFile(Path.of("/acl"))
        .tcp("::1", 6390).build();
    assertThat(lines(ConfigRenderer.redisConf(spec(Plan.DEFAULT), layout))).contains("bind ::1");
  }

  @Test
  void rendersHzOnlyWhenThePlanSetsOneOtherThanRedisDefault() {
    assertThat(lines(ConfigRenderer.redisConf(spec(Plan.builder("dense").hz(5).build()), tcpLayout())))
        .containsSubsequence("tcp-keepalive 300", "hz 5", "save 3600 1");
    assertThat(lines(ConfigRenderer.redisConf(spec(Plan.builder("tuned").hz(10).build()), tcpLayout())))
        .as("Redis's own default: nothing written").noneMatch(l -> l.startsWith("hz"));
    assertThat(lines(ConfigRenderer.redisConf(spec(Plan.DEFAULT), tcpLayout()))).noneMatch(l -> l.startsWith("hz"));
  }

  @Test
  void rendersKeyspaceEventsOnlyWhenThePlanHasThem() {
    Plan plan = Plan.builder("events").keyspaceEvents(io.redistenancy.KeyspaceEvents.parse("KEA")).build();
    assertThat(lines(ConfigRenderer.redisConf(spec(plan), tcpLayout())))
        .contains("notify-keyspace-events KEg$lshzxetd");
    assertThat(lines(ConfigRenderer.redisConf(spec(Plan.DEFAULT), tcpLayout())))
        .noneMatch(l -> l.startsWith("notify-keyspace-events"));
  }

  @Test
  void aclFileTurnsDefaultOffThenWritesEachUserWithHashes() {
    AclUser admin = new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(ADMIN_HASH));
    AclUser tenant = new AclUser("acme", AclUser.Role.TENANT, List.of(TENANT_HASH, OLD_TENANT_HASH));

    assertThat(ConfigRenderer.aclFile(List.of(admin, tenant))).isEqualTo(
        "user default off resetkeys resetchannels -@all\n"
        + "user tenancy_admin reset on #" + ADMIN_HASH + " ~* &* +@all\n"
        + "user acme reset on #" + TENANT_HASH + " #" + OLD_TENANT_HASH + " ~* &* +@all -@admin -@dangerous +keys "
        + "+sort +sort_ro +info +flushdb +flushall +config|get +client|list +lastsave +role +slowlog|get "
        + "+slowlog|len +swapdb +restore\n");
  }

  @Test
  void aclFileWithNoUsersStillTurnsDefaultOff() {
    assertThat(ConfigRenderer.aclFile(List.of())).isEqualTo("user default off resetkeys resetchannels -@all\n");
  }

  @Test
  void aclFileRefusesAUserListedTwice() {
    AclUser tenant = new AclUser("acme", AclUser.Role.TENANT, List.of(TENANT_HASH));
    assertThatThrownBy(() -> ConfigRenderer.aclFile(List.of(tenant, tenant)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("user acme is listed twice");
  }

  @Test
  void rulesPerRole() {
    assertThat(ConfigRenderer.rules(AclUser.Role.ADMIN)).containsExactly("~*", "&*", "+@all");
    assertThat(ConfigRenderer.rules(AclUser.Role.TENANT)).startsWith("~*", "&*", "+@all", "-@admin", "-@dangerous")
        .doesNotContain("+@admin", "+config|set", "+acl", "+module", "+debug", "+shutdown", "+migrate",
            "+restore-asking")
        .as("a registered server's configuration is not ours: its payloads may not be sanitized")
        .doesNotContain("+restore");
  }

  private static InstanceSpec tlsSpec(Access access, ClientAuth clientAuth) {
    Plan plan = Plan.builder("secure").access(access).clientAuth(clientAuth).build();
    return new InstanceSpec(TenantId.of("acme"), plan, List.of(),
        new TlsMaterial(access, clientAuth, "CA PEM", "CERT PEM", "KEY PEM"));
  }

  private static InstanceLayout.TlsFiles tlsFiles() {
    return new InstanceLayout.TlsFiles(6391, Path.of("/t/server.crt"), Path.of("/t/server.key"), Path.of("/t/ca.crt"));
  }

  @Test
  void tlsOnlyRendersPortZeroAndATlsListenerWithTls12And13Only() {
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/d")).aclFile(Path.of("/a.acl"))
        .tls("127.0.0.1", tlsFiles()).build();
    String conf = ConfigRenderer.redisConf(tlsSpec(Access.TLS_ONLY, ClientAuth.REQUIRED), layout);
    assertThat(conf).contains("port 0\nbind 127.0.0.1\ntls-port 6391\ntls-cert-file /t/server.crt\n"
        + "tls-key-file /t/server.key\ntls-ca-cert-file /t/ca.crt\ntls-auth-clients yes\n"
        + "tls-protocols \"TLSv1.2 TLSv1.3\"\ntls-replication no\n").doesNotContain("PEM");
  }

  @Test
  void tlsOnlyWithAPlaintextSocketOrTlsWithoutATlsListenerIsRefused() {
    InstanceLayout withSocket = InstanceLayout.builder().dataDirectory(Path.of("/d")).aclFile(Path.of("/a.acl"))
        .unixSocket(Path.of("/s.sock"), 0600).tls("127.0.0.1", tlsFiles()).build();
    assertThatThrownBy(() -> ConfigRenderer.redisConf(tlsSpec(Access.TLS_ONLY, ClientAuth.NONE), withSocket))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no plaintext port or socket");
    assertThatThrownBy(() -> ConfigRenderer.redisConf(tlsSpec(Access.DUAL, ClientAuth.NONE), socketLayout()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a TLS port");
    assertThat(ConfigRenderer.redisConf(tlsSpec(Access.DUAL, ClientAuth.OPTIONAL), withSocket))
        .contains("unixsocket /s.sock", "tls-auth-clients optional");
  }

  @Test
  void tlsMaterialNeverShowsItsKey() {
    assertThat(tlsSpec(Access.DUAL, ClientAuth.NONE).tls().toString()).doesNotContain("KEY PEM").contains("****");
  }
}
