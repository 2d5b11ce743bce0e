/**
 * Facts about Redis itself that every backend needs, with no backend's state: finding and checking
 * a {@code redis-server} binary ({@link io.redistenancy.internal.redis.RedisBinary}) and reading
 * {@code INFO} replies ({@link io.redistenancy.internal.redis.InfoParser}).
 */
package io.redistenancy.internal.redis;
