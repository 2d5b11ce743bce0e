package io.redistenancy.contract;

import io.redistenancy.Endpoint;
import io.redistenancy.KeyspaceEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What applications send, per data type, as one script whose every reply is written down: run against
 * a dedicated tenant and against a plain {@code redis-server}, the two transcripts must be equal.
 * Replies that depend on a server's hash seed (set members, KEYS) are sorted or left out; nothing depends on time
 * (expiries are absolute and far away, WAIT asks for no replica).
 */
final class ApplicationScript {
  /** The keyspace notifications the script expects: the tenant gets them from its plan. */
  static final KeyspaceEvents EVENTS = KeyspaceEvents.parse("KEA");

  /** Where the script runs: a way to open connections as the application's user. */
  record Target(Endpoint endpoint, String user, String password) {
    RawClient connect() throws IOException {
      return RawClient.open(endpoint, user, password);
    }
  }

  private final Target target;
  private final RawClient r;
  private final List<String> transcript = new ArrayList<>();

  private ApplicationScript(Target target, RawClient r) {
    this.target = target;
    this.r = r;
  }

  /** Runs the script on {@code target}; returns one line per command: the command and its reply. */
  static List<String> run(Target target) throws IOException {
    try (RawClient r = target.connect()) {
      ApplicationScript script = new ApplicationScript(target, r);
      script.call("FLUSHALL");
      script.strings();
      script.hashes();
      script.lists();
      script.sets();
      script.sortedSets();
      script.streams();
      script.transactions();
      script.scripts();
      script.functions();
      script.dumpAndRestore();
      script.swapdb();
      script.keyspaceNotifications();
      script.pubSub();
      script.server();
      return script.transcript;
    }
  }

  private Object call(Object... command) throws IOException {
    Object reply = r.call(command);
    record(command, RawClient.render(reply));
    return reply;
  }

  /** For replies in hash-seed order: the elements sorted. */
  private void sorted(Object... command) throws IOException {
    Object reply = r.call(command);
    List<String> items = new ArrayList<>();
    if (reply instanceof List<?> list) {
      list.forEach(item -> items.add(RawClient.render(item)));
    }
    items.sort(null);
    record(command, reply instanceof List<?> ? "sorted " + items : RawClient.render(reply));
  }

  private void record(Object[] command, String reply) {
    StringBuilder line = new StringBuilder();
    for (Object part : command) {
      line.append(part instanceof byte[] ? "<payload>" : part).append(' ');
    }
    transcript.add(line.append("-> ").append(reply).toString());
  }

  private void strings() throws IOException {
    call("SET", "s:int", "12345");
    call("OBJECT", "ENCODING", "s:int");
    call("SET", "s:short", "hello");
    call("OBJECT", "ENCODING", "s:short");
    call("SET", "s:long", "x".repeat(60));
    call("OBJECT", "ENCODING", "s:long");
    call("APPEND", "s:short", " world");
    call("GETRANGE", "s:short", "0", "4");
    call("SETRANGE", "s:short", "6", "WORLD");
    call("STRLEN", "s:short");
    call("INCR", "s:int");
    call("INCRBY", "s:int", "10");
    call("DECR", "s:int");
    call("INCRBYFLOAT", "s:float", "10.5");
    call("MSET", "s:a", "1", "s:b", "2");
    call("MGET", "s:a", "s:b", "s:none");
    call("MSETNX", "s:a", "3", "s:c", "4");
    call("SETNX", "s:a", "9");
    call("SET", "s:a", "5", "GET");
    call("GETDEL", "s:b");
    call("SET", "s:ttl", "v", "EXAT", "4102444800");
    call("EXPIRETIME", "s:ttl");
    call("PERSIST", "s:ttl");
    call("TTL", "s:ttl");
    call("SETBIT", "s:bits", "7", "1");
    call("BITCOUNT", "s:bits");
    call("LCS", "s:short", "s:long");
    call("PFADD", "s:hll", "a", "b", "c", "a");
    call("PFCOUNT", "s:hll");
    call("GEOADD", "s:geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
    call("GEODIST", "s:geo", "Palermo", "Catania", "km");
    call("TYPE", "s:int");
    call("EXISTS", "s:a", "s:none");
    call("RENAME", "s:a", "s:renamed");
    call("COPY", "s:renamed", "s:copied");
    call("GET", "s:copied");
  }

  private void hashes() throws IOException {
    call("HSET", "h", "f1", "v1", "f2", "v2", "n", "1");
    call("HGET", "h", "f1");
    call("HINCRBY", "h", "n", "5");
    call("HINCRBYFLOAT", "h", "n", "0.5");
    call("HSETNX", "h", "f1", "other");
    call("HGETALL", "h");
    call("HKEYS", "h");
    call("HMGET", "h", "f1", "none");
    call("HDEL", "h", "f2");
    call("HLEN", "h");
    call("HEXISTS", "h", "f1");
    call("OBJECT", "ENCODING", "h");
    for (int i = 0; i < 600; i++) { // above hash-max-listpack-entries (512)
      r.call("HSET", "h:big", "field" + i, "value" + i);
    }
    call("OBJECT", "ENCODING", "h:big");
    call("HLEN", "h:big");
  }

  private void lists() throws IOException {
    call("RPUSH", "l", "a", "b", "c");
    call("LPUSH", "l", "z");
    call("LRANGE", "l", "0", "-1");
    call("LINDEX", "l", "1");
    call("LSET", "l", "1", "A");
    call("LINSERT", "l", "BEFORE", "b", "ab");
    call("LPOS", "l", "b");
    call("LREM", "l", "1", "ab");
    call("LMOVE", "l", "l:other", "LEFT", "RIGHT");
    call("BLPOP", "l", "1"); // not empty: answers at once
    call("LPOP", "l", "2");
    call("LLEN", "l");
    call("OBJECT", "ENCODING", "l");
    call("SORT", "l:other", "ALPHA");
  }

  private void sets() throws IOException {
    call("SADD", "set:int", "3", "1", "2");
    call("OBJECT", "ENCODING", "set:int");
    call("SMEMBERS", "set:int");
    call("SADD", "set:str", "a", "b", "c");
    call("OBJECT", "ENCODING", "set:str");
    sorted("SMEMBERS", "set:str");
    call("SISMEMBER", "set:str", "a");
    call("SMISMEMBER", "set:str", "a", "x");
    call("SCARD", "set:str");
    call("SADD", "set:other", "b", "c", "d");
    sorted("SINTER", "set:str", "set:other");
    call("SINTERCARD", "2", "set:str", "set:other");
    sorted("SUNION", "set:str", "set:other");
    sorted("SDIFF", "set:str", "set:other");
    call("SUNIONSTORE", "set:union", "set:str", "set:other");
    call("SMOVE", "set:str", "set:other", "a");
    call("SREM", "set:other", "d");
    sorted("KEYS", "set:*");
  }

  private void sortedSets() throws IOException {
    call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    call("ZINCRBY", "z", "2.5", "a");
    call("ZRANGE", "z", "0", "-1", "WITHSCORES");
    call("ZRANGEBYSCORE", "z", "(2", "+inf");
    call("ZREVRANGE", "z", "0", "0");
    call("ZRANK", "z", "b");
    call("ZSCORE", "z", "a");
    call("ZCOUNT", "z", "-inf", "+inf");
    call("ZPOPMIN", "z");
    call("ZRANGESTORE", "z:copy", "z", "0", "-1");
    call("ZUNIONSTORE", "z:union", "2", "z", "z:copy", "WEIGHTS", "1", "2");
    call("ZRANGE", "z:union", "0", "-1", "WITHSCORES");
    call("OBJECT", "ENCODING", "z");
    for (int i = 0; i < 200; i++) { // above zset-max-listpack-entries (128)
      r.call("ZADD", "z:big", Integer.toString(i), "member" + i);
    }
    call("OBJECT", "ENCODING", "z:big");
    call("ZRANGE", "z:big", "100", "102", "WITHSCORES");
  }

  private void streams() throws IOException {
    call("XADD", "st", "1-1", "sensor", "a", "value", "1");
    call("XADD", "st", "1-2", "sensor", "b", "value", "2");
    call("XADD", "st", "2-1", "sensor", "a", "value", "3");
    call("XLEN", "st");
    call("XRANGE", "st", "-", "+");
    call("XREVRANGE", "st", "+", "-", "COUNT", "1");
    call("XREAD", "COUNT", "2", "STREAMS", "st", "0");
    call("XGROUP", "CREATE", "st", "workers", "0");
    call("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "2", "STREAMS", "st", ">");
    call("XREADGROUP", "GROUP", "workers", "bob", "STREAMS", "st", ">");
    call("XACK", "st", "workers", "1-1");
    call("XPENDING", "st", "workers");
    call("XAUTOCLAIM", "st", "workers", "bob", "0", "0-0", "COUNT", "1", "JUSTID");
    call("XPENDING", "st", "workers");
    call("XINFO", "GROUPS", "st");
    call("XGROUP", "DELCONSUMER", "st", "workers", "alice");
    call("XDEL", "st", "1-2");
    call("XTRIM", "st", "MAXLEN", "1");
    call("XRANGE", "st", "-", "+");
    call("OBJECT", "ENCODING", "st");
  }

  private void transactions() throws IOException {
    call("MULTI");
    call("SET", "tx", "1");
    call("INCR", "tx");
    call("LPUSH", "tx", "x"); // fails at EXEC: the reply holds the error among the results
    call("EXEC");
    call("WATCH", "tx");
    call("MULTI");
    call("INCR", "tx");
    call("EXEC");
    call("MULTI");
    call("INCR", "tx");
    call("DISCARD");
    call("GET", "tx");
  }

  private void scripts() throws IOException {
    String script = "return {KEYS[1], ARGV[1], redis.call('INCR', KEYS[1])}";
    call("EVAL", script, "1", "lua:counter", "arg");
    Object sha = call("SCRIPT", "LOAD", script);
    call("EVALSHA", RawClient.text(sha), "1", "lua:counter", "again");
    call("SCRIPT", "EXISTS", RawClient.text(sha));
    call("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "lua:counter");
    call("EVAL", "return redis.pcall('LPUSH', KEYS[1], 'x')", "1", "lua:counter");
    call("EVAL", "return redis.error_reply('MY failure')", "0");
  }

  private void functions() throws IOException {
    call("FUNCTION", "LOAD", """
        #!lua name=compat
        redis.register_function('add2', function(keys, args) return redis.call('INCRBY', keys[1], 2) end)
        redis.register_function{function_name='peek', callback=function(keys, args)
          return redis.call('GET', keys[1]) end, flags={'no-writes'}}
        """);
    call("FCALL", "add2", "1", "fn:counter");
    call("FCALL_RO", "peek", "1", "fn:counter");
    // (FUNCTION LIST is left out: it lists a library's functions in hash-seed order)
    call("FUNCTION", "STATS");
    call("FUNCTION", "DELETE", "compat");
    call("FCALL", "add2", "1", "fn:counter");
  }

  private void dumpAndRestore() throws IOException {
    for (String key : List.of("s:short", "h", "l:other", "set:int", "z", "st")) {
      Object payload = r.call("DUMP", key); // as its length: a stream's holds its consumers' delivery times
      transcript.add("DUMP " + key + " -> payload of " + ((byte[]) payload).length + " bytes");
      call("RESTORE", key + ":restored", "0", payload);
      call("RESTORE", key + ":restored", "0", payload); // already there
      call("RESTORE", key + ":restored", "0", payload, "REPLACE");
      call("TYPE", key + ":restored");
    }
    call("HGETALL", "h:restored");
    call("XRANGE", "st:restored", "-", "+");
    call("XPENDING", "st:restored", "workers");
    call("RESTORE", "bad", "0", "not a payload");
    call("DUMP", "none");
  }

  private void swapdb() throws IOException {
    call("SELECT", "1");
    call("SET", "db1:key", "from db 1");
    call("SWAPDB", "0", "1");
    call("GET", "db1:key");
    call("DBSIZE");
    call("SELECT", "0");
    call("GET", "db1:key");
    call("SWAPDB", "1", "0");
    call("GET", "db1:key");
    call("MOVE", "db1:key", "2");
    call("SWAPDB", "0", "99");
  }

  /** A subscriber sees the events of each command, in order, ended by the sentinel key's. */
  private void keyspaceNotifications() throws IOException {
    try (RawClient subscriber = target.connect()) {
      transcript.add("PSUBSCRIBE -> " + RawClient.render(subscriber.call("PSUBSCRIBE", "__key*@0__:*")));
      call("SET", "ev:s", "1");
      call("INCR", "ev:s");
      call("HSET", "ev:h", "f", "v");
      call("LPUSH", "ev:l", "x");
      call("SADD", "ev:set", "x");
      call("ZADD", "ev:z", "1", "x");
      call("XADD", "ev:st", "1-1", "f", "v");
      call("EXPIRE", "ev:s", "100000");
      call("RENAME", "ev:s", "ev:renamed");
      call("DEL", "ev:h", "ev:l");
      call("SET", "ev:end", "1");
      while (true) {
        String message = RawClient.render(subscriber.next());
        transcript.add("event " + message);
        if (message.endsWith("\"__keyevent@0__:set\", \"ev:end\"]")) {
          break;
        }
      }
      transcript.add("PUNSUBSCRIBE -> " + RawClient.render(subscriber.call("PUNSUBSCRIBE")));
    }
  }

  private void pubSub() throws IOException {
    try (RawClient subscriber = target.connect()) {
      transcript.add("SUBSCRIBE -> " + RawClient.render(subscriber.call("SUBSCRIBE", "news")));
      call("PUBSUB", "NUMSUB", "news");
      call("PUBLISH", "news", "hello");
      transcript.add("message " + RawClient.render(subscriber.next()));
      call("PUBLISH", "nobody-listens", "hello");
      transcript.add("UNSUBSCRIBE -> " + RawClient.render(subscriber.call("UNSUBSCRIBE", "news")));
    }
  }

  private void server() throws IOException {
    call("WAIT", "0", "0");
    call("PING");
    call("ECHO", "compatible");
    call("DBSIZE");
    call("FLUSHDB");
    call("DBSIZE");
  }
}
