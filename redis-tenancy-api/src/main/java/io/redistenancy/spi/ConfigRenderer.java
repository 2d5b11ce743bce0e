package io.redistenancy.spi;

import io.redistenancy.internal.Names;
import io.redistenancy.Access;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that writes redis.conf and ACL files, from typed values only. Every value is checked
 * against a strict token pattern before it is written: a CR, LF, quote, space or {@code #} reaching
 * here is a bug, and it throws rather than write it. Directives a tenant could abuse ({@code include},
 * {@code loadmodule}, {@code rename-command} …) are never rendered.
 */
public final class ConfigRenderer {
  /** What every written value must look like: no whitespace, quotes, control characters or '#'. */
  private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_./:@+|~&*\\[\\]-]+");
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./@+-]*");
  /**
   * What a plan directive's rendered value may look like: numbers, Redis's names, keyspace event letters
   * ({@code $} among them, which SAFE_TOKEN leaves out); nothing Redis's config parser treats specially.
   */
  private static final Pattern PLAN_VALUE = Pattern.compile("[A-Za-z0-9._$-]+");

  /**
   * The tenant user's rules on a dedicated instance: all commands except administration, plus back
   * the few {@code @dangerous} ones an application legitimately uses on its own instance.
   */
  static final List<String> TENANT_RULES = List.of(
      "~*", "&*", "+@all", "-@admin", "-@dangerous",
      "+keys", "+sort", "+sort_ro", "+info", "+flushdb", "+flushall", "+config|get", "+client|list",
      "+lastsave", "+role", "+slowlog|get", "+slowlog|len");

  /**
   * What a tenant user gets on top of {@link #TENANT_RULES} in an ACL file rendered here: SWAPDB (the
   * atomic swap of a rebuilt dataset, no more than the FLUSHALL it already has) and RESTORE, which is
   * only safe next to the {@code sanitize-dump-payload yes} every rendered redis.conf has (a crafted
   * payload is checked in full before it reaches the server's memory). A registered server's
   * configuration is not rendered here, so {@link #rules} leaves RESTORE out there. MIGRATE (the server
   * connects anywhere) and RESTORE-ASKING stay refused with the rest of {@code @dangerous}.
   */
  static final List<String> DEDICATED_TENANT_EXTRAS = List.of("+swapdb", "+restore");

  static final List<String> ADMIN_RULES = List.of("~*", "&*", "+@all");

  private ConfigRenderer() {}

  /** redis.conf for {@code spec} laid out as {@code layout}. */
  public static String redisConf(InstanceSpec spec, InstanceLayout layout) {
    Plan plan = spec.plan();
    Lines out = new Lines();
    out.comment("Rendered by redis-tenancy for tenant " + spec.id().value() + "; do not edit.");
    out.add("daemonize", "no");
    out.add("protected-mode", "yes");
    out.add("port", Integer.toString(layout.port()));
    if (layout.port() != 0 || layout.tls().isPresent()) {
      out.add("bind", layout.bindAddress().orElseThrow());
    }
    tls(spec, layout, out);
    layout.unixSocket().ifPresent(socket -> {
      out.add("unixsocket", path(socket));
      out.add("unixsocketperm", Integer.toOctalString(layout.unixSocketPermissions()));
    });
    if (layout.supervisedBySystemd()) {
      out.add("supervised", "systemd");
    }
    out.add("dir", path(layout.dataDirectory()));
    out.add("dbfilename", "dump.rdb");
    out.add("appenddirname", "appendonlydir");
    out.add("aclfile", path(layout.aclFile()));
    out.add("enable-debug-command", "no");
    out.add("enable-module-command", "no");
    out.add("enable-protected-configs", "no");
    out.add("sanitize-dump-payload", "yes"); // RESTORE is allowed: see DEDICATED_TENANT_EXTRAS

    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      if (directive.rendered()) {
        directive.renderedValue(plan).ifPresent(value ->
            out.raw(token(directive.fileName().orElseThrow()) + " " + planValue(directive, value)));
      }
    }
    persistence(plan, out);
    return out.toString();
  }

  /**
   * The TLS listener: only TLS 1.2 and 1.3, the tenant's own client CA for client certificates, and no TLS towards
   * replicas (a dedicated instance has none). A spec whose access uses TLS on a layout without a TLS
   * listener is refused: rendering it plaintext would silently drop the encryption.
   */
  private static void tls(InstanceSpec spec, InstanceLayout layout, Lines out) {
    Optional<TlsMaterial> material = spec.tlsMaterial();
    Optional<InstanceLayout.TlsFiles> files = layout.tls();
    if (material.isPresent() != files.isPresent()) {
      throw new IllegalArgumentException("access " + spec.plan().access() + " of tenant " + spec.id().value()
          + (files.isPresent() ? " has no TLS but the layout has a TLS port" : " needs a TLS port in the layout"));
    }
    if (material.isEmpty()) {
      return;
    }
    if (material.get().access() == Access.TLS_ONLY && (layout.port() != 0 || layout.unixSocket().isPresent())) {
      throw new IllegalArgumentException("access TLS_ONLY of tenant " + spec.id().value()
          + " takes no plaintext port or socket in the layout");
    }
    InstanceLayout.TlsFiles tls = files.get();
    out.add("tls-port", Integer.toString(tls.port()));
    out.add("tls-cert-file", path(tls.certificate()));
    out.add("tls-key-file", path(tls.key()));
    out.add("tls-ca-cert-file", path(tls.caBundle()));
    out.add("tls-auth-clients", material.get().clientAuth().redisValue());
    out.raw("tls-protocols \"TLSv1.2 TLSv1.3\"");
    out.add("tls-replication", "no");
  }

  private static void persistence(Plan plan, Lines out) {
    Persistence p = plan.persistence();
    if (p.usesRdb()) {
      for (SavePoint point : plan.savePoints()) {
        out.add("save", Long.toString(point.seconds()), Long.toString(point.changes()));
      }
    } else {
      out.raw("save \"\"");
    }
    out.add("appendonly", p.usesAof() ? "yes" : "no");
    out.add("appendfsync", p == Persistence.AOF_ALWAYS ? "always" : "everysec");
    out.add("aof-use-rdb-preamble", "yes");
  }

  /** The ACL file: {@code default} off, then each user with its role's rules and password hashes. */
  public static String aclFile(List<AclUser> users) {
    Lines out = new Lines();
    out.raw("user default off resetkeys resetchannels -@all");
    Set<String> names = new HashSet<>();
    for (AclUser user : users) {
      if (!names.add(user.name())) { // Redis refuses to load an ACL file that names a user twice
        throw new IllegalArgumentException("user " + user.name() + " is listed twice");
      }
      StringBuilder line = new StringBuilder("user ").append(token(user.name())).append(" reset on");
      for (String hash : user.passwordHashes()) {
        line.append(" #").append(token(hash));
      }
      for (String rule : user.role() == AclUser.Role.ADMIN ? ADMIN_RULES : dedicatedTenantRules()) {
        line.append(' ').append(token(rule));
      }
      out.raw(line.toString());
    }
    return out.toString();
  }

  private static List<String> dedicatedTenantRules() {
    List<String> rules = new java.util.ArrayList<>(TENANT_RULES);
    rules.addAll(DEDICATED_TENANT_EXTRAS);
    return rules;
  }

  /**
   * The role's rules as separate arguments, for {@code ACL SETUSER name reset on ...} on a server whose
   * configuration the library does not render (hence without {@link #DEDICATED_TENANT_EXTRAS}).
   */
  public static List<String> rules(AclUser.Role role) {
    return role == AclUser.Role.ADMIN ? ADMIN_RULES : TENANT_RULES;
  }

  private static String path(Path path) {
    String text = path.toString();
    if (!SAFE_PATH.matcher(text).matches()) {
      throw new IllegalArgumentException("path '" + Names.masked(text)
          + "' cannot be written to redis.conf: use an absolute path of letters, digits and . _ - / @ + only");
    }
    return text;
  }

  private static String planValue(PlanDirective<?> directive, String value) {
    if (!PLAN_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(directive.fileName().orElseThrow() + " value '" + Names.masked(value)
          + "' is not a plan value token (a bug: typed values render only letters, digits, . _ - and $)");
    }
    return value;
  }

  private static String token(String value) {
    if (!SAFE_TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException("value '" + Names.masked(value)
          + "' is not a safe redis.conf token (a bug: typed values never contain this)");
    }
    return value;
  }

  /** Accumulates lines, checking every value token. */
  private static final class Lines {
    private final StringBuilder text = new StringBuilder();

    void comment(String comment) {
      text.append("# ").append(Names.masked(comment)).append('\n');
    }

    /** One directive with its values, each a single token: a value with a space throws, not splits. */
    void add(String directive, String... values) {
      text.append(token(directive));
      for (String value : values) {
        text.append(' ').append(token(value));
      }
      text.append('\n');
    }

    void raw(String line) {
      text.append(line).append('\n');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
