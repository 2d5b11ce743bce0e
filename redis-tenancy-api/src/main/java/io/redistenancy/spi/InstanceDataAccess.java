package io.redistenancy.spi;

import java.nio.file.Path;

/**
 * Access to a dedicated instance's data files (the {@code dump.rdb} and the {@code appendonlydir} in
 * its {@link InstanceLayout#dataDirectory()}), for restoring backups. A backend that offers it returns
 * it from {@link Backend#dataAccess()}; without it, restore is refused with a clear message.
 *
 * <p>The engine calls these only while the instance is stopped, and in this order: {@link #setAside},
 * {@link #install}, then (after the instance loaded the snapshot) {@link #discardAside} — or, on
 * failure or in a reconcile after a crash, {@link #restoreAside}. Each call must be idempotent and
 * crash-safe: a call interrupted at any point and repeated does what one call would have done.
 * {@code token} names one restore's aside data (letters, digits and {@code -}).
 */
public interface InstanceDataAccess {
  /**
   * Moves all of the instance's data files aside under {@code token}, leaving an empty data directory.
   * Does nothing if they are aside already.
   */
  void setAside(TenantId id, String token);

  /** Whether data is aside under {@code token}. */
  boolean hasAside(TenantId id, String token);

  /** Copies {@code rdb} into the data directory as the snapshot Redis loads at start ({@code dump.rdb}). */
  void install(TenantId id, Path rdb);

  /** Deletes the snapshot file (for instances without persistence, once it is loaded). */
  void removeSnapshot(TenantId id);

  /**
   * Discards the data directory's current content and moves the data aside under {@code token} back.
   * Does nothing if nothing is aside under {@code token}.
   */
  void restoreAside(TenantId id, String token);

  /** Deletes the data aside under {@code token}; does nothing if there is none. */
  void discardAside(TenantId id, String token);
}
