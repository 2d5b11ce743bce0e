package io.redistenancy.testkit.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;

/** The types the testkit injects. */
final class Injection {
  static final Set<Class<?>> INSTANCE_TYPES = Set.of(RedisURI.class, RedisClient.class,
      StatefulRedisConnection.class, Tenant.class, ConnectionInfo.class);

  private Injection() {}

  static boolean supports(Class<?> type, Type generic) {
    if (type == RedisTenancy.class) {
      return true;
    }
    if (!INSTANCE_TYPES.contains(type)) {
      return false;
    }
    if (type == StatefulRedisConnection.class && generic instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        if (argument != String.class) {
          return false;
        }
      }
    }
    return true;
  }

  static String supported() {
    return "RedisURI, RedisClient, StatefulRedisConnection<String, String>, Tenant, ConnectionInfo, RedisTenancy";
  }
}
