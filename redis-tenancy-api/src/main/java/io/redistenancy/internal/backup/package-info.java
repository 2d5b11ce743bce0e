/**
 * Backups below the engine: receiving a snapshot over the replication protocol
 * ({@link io.redistenancy.internal.backup.SnapshotReceiver}, bounded by {@code StoreSpace}), checking it
 * as it streams ({@code DigestingSink}, {@code RdbDigest}) and after
 * ({@link io.redistenancy.internal.backup.RdbVerifier}, {@code redis-check-rdb} when installed), the
 * default store ({@link io.redistenancy.internal.backup.FileBackupStore}), and restores into servers
 * the library reaches only over the network ({@link io.redistenancy.internal.backup.RemoteServerData}
 * with a private {@link io.redistenancy.internal.backup.ScratchRedis}). The engine's
 * {@code BackupService} drives them.
 */
package io.redistenancy.internal.backup;
