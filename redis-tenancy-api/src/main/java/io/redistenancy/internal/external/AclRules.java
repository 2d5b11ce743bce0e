package io.redistenancy.internal.external;

import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that writes a tenant's ACL on a shared server. Every rule is a separate argument of
 * {@code ACL SETUSER}, built from constants, the validated tenant name and hex password hashes: no
 * user text becomes a rule. The command set is an allow-list ({@code -@all} then each command by
 * name), so module commands and commands of newer servers never slip in.
 *
 * <p>Left out on purpose, because each leaks or destroys other tenants' data or the server: SCAN,
 * KEYS, RANDOMKEY, DBSIZE (see every key or count them), FLUSHALL, FLUSHDB, SWAPDB, MOVE, COPY (its
 * DB option), SELECT, even {@code SELECT 0} (databases are shared too, and key removal only looks
 * at db 0; a first-argument rule such as {@code +select|0} also costs about 8 KB per user on Redis
 * 7.0, four times the rest of the user, and clients do not send it for db 0), FUNCTION, SCRIPT, EVAL, EVALSHA, FCALL (scripts run with the server's keyspace and
 * are shared by all users), PUBSUB (lists every tenant's channels), CLIENT LIST/KILL/TRACKING/CACHING
 * (other users' connections; tracking broadcasts other tenants' key names), MEMORY STATS/DOCTOR,
 * INFO, CONFIG, MONITOR, DEBUG, MODULE, ACL, OBJECT HELP aside every administrative command, RESTORE
 * (crafted payloads), MIGRATE, CLUSTER COUNTKEYSINSLOT/GETKEYSINSLOT (key names of other tenants),
 * KEYS-like SORT options (Redis 7 refuses SORT BY/GET without access to every key), WAIT aside every
 * replication command.
 */
public final class AclRules {
  /** Top-level commands a tenant may run on its own keys and channels. */
  static final List<String> COMMANDS = List.of(
      // strings and bitmaps
      "get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx",
      "append", "strlen", "incr", "incrby", "incrbyfloat", "decr", "decrby", "getrange", "setrange",
      "substr", "lcs", "setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro",
      // HyperLogLog
      "pfadd", "pfcount", "pfmerge",
      // any key: existence, type, TTLs, renames within the prefix
      "del", "unlink", "exists", "type", "touch", "rename", "renamenx", "dump", "sort", "sort_ro",
      "ttl", "pttl", "expire", "pexpire", "expireat", "pexpireat", "expiretime", "pexpiretime", "persist",
      // hashes
      "hset", "hsetnx", "hget", "hmset", "hmget", "hgetall", "hdel", "hlen", "hstrlen", "hexists",
      "hkeys", "hvals", "hincrby", "hincrbyfloat", "hscan", "hrandfield",
      // lists
      "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex", "lset", "linsert",
      "lrem", "ltrim", "lpos", "lmove", "blmove", "rpoplpush", "brpoplpush", "blpop", "brpop", "lmpop", "blmpop",
      // sets
      "sadd", "srem", "smembers", "sismember", "smismember", "scard", "spop", "srandmember", "smove",
      "sinter", "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan",
      // sorted sets
      "zadd", "zincrby", "zrem", "zcard", "zcount", "zscore", "zmscore", "zrank", "zrevrank", "zrange",
      "zrangestore", "zrangebyscore", "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange",
      "zlexcount", "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax",
      "bzpopmin", "bzpopmax", "zmpop", "bzmpop", "zrandmember", "zunion", "zunionstore", "zinter",
      "zinterstore", "zintercard", "zdiff", "zdiffstore", "zscan",
      // streams (XINFO and XGROUP only name the stream's own groups and consumers)
      "xadd", "xrange", "xrevrange", "xlen", "xread", "xreadgroup", "xdel", "xtrim", "xack", "xpending",
      "xclaim", "xautoclaim", "xinfo", "xgroup", "xsetid",
      // geo
      "geoadd", "geodist", "geohash", "geopos", "georadius", "georadius_ro", "georadiusbymember",
      "georadiusbymember_ro", "geosearch", "geosearchstore",
      // pub/sub, on channels matching the channel pattern only (PSUBSCRIBE: the pattern itself must be NAME:*)
      "publish", "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "spublish", "ssubscribe", "sunsubscribe",
      // transactions
      "multi", "exec", "discard", "watch", "unwatch",
      // connection: what clients send on connect and to check the line
      "hello", "auth", "ping", "echo", "reset", "quit", "time", "wait",
      // cluster clients need the topology and redirections; none of these names keys of other tenants
      "readonly", "readwrite", "asking");

  /**
   * What a tenant over its quota keeps: the commands of {@link #COMMANDS} that read, delete, expire or
   * shrink, never one that stores more (so it can clean up, and nothing it holds grows).
   */
  static final Set<String> READ_AND_DELETE = Set.of(
      "get", "mget", "strlen", "getrange", "substr", "lcs", "getbit", "bitcount", "bitpos", "bitfield_ro", "getdel",
      "pfcount", "del", "unlink", "exists", "type", "touch", "dump", "sort_ro", "ttl", "pttl", "expire", "pexpire",
      "expireat", "pexpireat", "expiretime", "pexpiretime",
      "hget", "hmget", "hgetall", "hdel", "hlen", "hstrlen", "hexists", "hkeys", "hvals", "hscan", "hrandfield",
      "lpop", "rpop", "llen", "lrange", "lindex", "lrem", "ltrim", "lpos", "blpop", "brpop", "lmpop", "blmpop",
      "srem", "smembers", "sismember", "smismember", "scard", "spop", "srandmember", "sinter", "sintercard",
      "sunion", "sdiff", "sscan",
      "zrem", "zcard", "zcount", "zscore", "zmscore", "zrank", "zrevrank", "zrange", "zrangebyscore",
      "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange", "zlexcount", "zremrangebyrank",
      "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax", "zmpop", "bzmpop",
      "zrandmember", "zunion", "zinter", "zintercard", "zdiff", "zscan",
      "xrange", "xrevrange", "xlen", "xread", "xdel", "xtrim", "xpending", "xinfo",
      "geodist", "geohash", "geopos", "georadius_ro", "georadiusbymember_ro", "geosearch",
      "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe",
      "multi", "exec", "discard", "watch", "unwatch",
      "hello", "auth", "ping", "echo", "reset", "quit", "time", "wait", "readonly", "readwrite", "asking");

  /** Subcommands of otherwise refused commands (never first-argument rules: see the class comment). */
  static final List<String> SUBCOMMANDS = List.of(
      "client|setname", "client|getname", "client|id", "client|info", "client|setinfo", "client|reply",
      "command|count", "command|docs", "command|info", "command|list", "command|getkeys",
      "command|getkeysandflags",
      "object|encoding", "object|freq", "object|idletime", "object|refcount",
      "memory|usage",
      "cluster|nodes", "cluster|slots", "cluster|shards", "cluster|myid", "cluster|info", "cluster|keyslot");

  /** Never allowed, whatever the lists above say: checked by a unit test and at build time of a rule list. */
  static final Set<String> DENIED = Set.of(
      "scan", "keys", "randomkey", "dbsize", "flushall", "flushdb", "select", "move", "swapdb", "copy",
      "function", "script", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "pubsub",
      "client", "client|list", "client|kill", "client|tracking", "client|caching", "client|trackinginfo",
      "client|getredir", "client|pause", "client|unpause", "client|unblock", "client|no-touch",
      "memory", "memory|stats", "memory|doctor", "memory|malloc-stats", "memory|purge",
      "info", "config", "monitor", "debug", "module", "acl", "shutdown", "save", "bgsave", "bgrewriteaof",
      "replicaof", "slaveof", "sync", "psync", "failover", "migrate", "restore", "restore-asking",
      "cluster|countkeysinslot", "cluster|getkeysinslot", "latency", "slowlog", "lastsave", "role", "lolwut");

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  /** The rule of a dedicated tenant that a registered server's tenant does not get. */
  private static final String CONFIG_GET = "+config|get";

  private AclRules() {}

  /** Every command and subcommand of the allow-list, as {@code COMMAND INFO} names them. */
  static List<String> allowList() {
    List<String> all = new ArrayList<>(COMMANDS);
    all.addAll(SUBCOMMANDS);
    return all;
  }

  /**
   * The arguments of {@code ACL SETUSER} for a tenant user, from {@code ACL} on.
   *
   * @param user the tenant user (its name is a validated {@link TenantId})
   * @param enabled {@code on} or {@code off}
   * @param supported the allow-list entries every node knows (see {@link #allowList()})
   */
  static List<String> setUser(AclUser user, boolean enabled, Collection<String> supported) {
    return setUser(user, enabled, supported, false);
  }

  /**
   * As {@link #setUser(AclUser, boolean, Collection)}; {@code overQuota} keeps only
   * {@link #READ_AND_DELETE} of the top-level commands.
   */
  static List<String> setUser(AclUser user, boolean enabled, Collection<String> supported, boolean overQuota) {
    if (user.role() != AclUser.Role.TENANT) {
      throw new IllegalArgumentException("only tenant users are made on shared servers");
    }
    List<String> args = userWithPasswords(user, enabled);
    args.add("~" + keyPrefix(user.name()) + "*");
    args.add("&" + keyPrefix(user.name()) + "*");
    args.addAll(commandRules(supported, overQuota));
    return args;
  }

  /**
   * {@code ACL SETUSER NAME -@all +…}: switches only the commands of an existing tenant user between
   * the full allow-list and {@link #READ_AND_DELETE}; passwords, patterns and on/off stay as they are
   * (a quota check has no spec, so no password hashes, at hand). The caller makes sure the user exists:
   * this would create one (off, without passwords).
   */
  static List<String> setCommands(String tenant, Collection<String> supported, boolean overQuota) {
    List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", TenantId.of(tenant).value()));
    args.addAll(commandRules(supported, overQuota));
    return args;
  }

  private static List<String> commandRules(Collection<String> supported, boolean overQuota) {
    List<String> rules = new ArrayList<>(List.of("-@all"));
    for (String command : allowList()) {
      if (supported.contains(command) && (!overQuota || READ_AND_DELETE.contains(command) || command.contains("|"))) {
        if (DENIED.contains(command)) {
          throw new IllegalStateException("the allow-list names a denied command: " + command);
        }
        rules.add("+" + command);
      }
    }
    return rules;
  }

  /**
   * The arguments of {@code ACL SETUSER} for the tenant user of a registered server, which is the
   * tenant's whole: the rules of a dedicated instance's tenant user ({@link ConfigRenderer#rules})
   * without {@code CONFIG GET}. A dedicated instance holds no secret of anyone else, a registered
   * server does ({@code requirepass}, {@code masterauth}: a login as its {@code default} or replication
   * user), and an ACL rule cannot allow {@code CONFIG GET} for some parameters only.
   */
  static List<String> setWholeServerUser(AclUser user, boolean enabled) {
    if (user.role() != AclUser.Role.TENANT) {
      throw new IllegalArgumentException("only tenant users are made on registered servers");
    }
    List<String> args = userWithPasswords(user, enabled);
    ConfigRenderer.rules(AclUser.Role.TENANT).stream().filter(rule -> !CONFIG_GET.equals(rule)).forEach(args::add);
    return args;
  }

  /**
   * {@code ACL SETUSER NAME reset resetchannels on|off #HASH…}: the validated name and hex hashes only.
   * {@code reset} alone gives every channel on a server with {@code acl-pubsub-default allchannels}
   * (and a channel pattern after that is refused): {@code resetchannels} starts from none.
   */
  private static List<String> userWithPasswords(AclUser user, boolean enabled) {
    String name = TenantId.of(user.name()).value();
    List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "resetchannels",
        enabled ? "on" : "off"));
    for (String hash : user.passwordHashes()) {
      if (!HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException("a password hash is not 64 lower-case hex digits");
      }
      args.add("#" + hash);
    }
    return args;
  }

  /** A user's state from its {@code ACL GETUSER} reply: MISSING (null), RUNNING (flag on) or STOPPED. */
  static InstanceState userState(Object getUserReply) {
    if (getUserReply == null) {
      return InstanceState.MISSING;
    }
    Object flags = field(getUserReply, "flags");
    return flags instanceof List<?> list && list.contains("on") ? InstanceState.RUNNING : InstanceState.STOPPED;
  }

  /** A field of an {@code ACL GETUSER} reply (name, value, name, value…), or null. */
  private static Object field(Object getUserReply, String name) {
    List<?> fields = (List<?>) getUserReply;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i))) {
        return fields.get(i + 1);
      }
    }
    return null;
  }

  /** {@code NAME:}, the prefix of the tenant's keys and channels. */
  public static String keyPrefix(String tenant) {
    return TenantId.of(tenant).value() + ":";
  }
}
