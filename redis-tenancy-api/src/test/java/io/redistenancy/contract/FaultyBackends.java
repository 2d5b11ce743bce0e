package io.redistenancy.contract;

import io.redistenancy.BackupException;
import io.redistenancy.ServerTls;
import io.redistenancy.TenantStatus;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantAdministration;
import io.redistenancy.spi.TenantId;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real backends with one capability taken away or one fault injected, for the faults no test can cause
 * on demand (a backend that has no data access, a disk that fills up in the middle of a restore).
 * Everything else goes to the real backend.
 */
public final class FaultyBackends {
  private FaultyBackends() {}

  /** {@code real} as a backend without {@code dataAccess()} would be. */
  public static BackendFactory withoutDataAccess(BackendFactory real) {
    return overriding(real, "dataAccess", backend -> Optional.empty());
  }

  /** {@code real}, whose restores fail right after the snapshot is installed (the old data is aside then). */
  public static BackendFactory failingAfterInstall(BackendFactory real) {
    return overriding(real, "dataAccess", backend -> backend.dataAccess().map(
        data -> new FailingInstall(data, () -> new BackupException("injected fault: no space left on device"))));
  }

  /**
   * {@code real}, whose restores stop dead right after the snapshot is installed, as a kill of the JVM
   * would: {@link Killed} is an {@link Error}, so no rollback runs; only the next tenancy's reconcile
   * can put things right.
   */
  public static BackendFactory killedAfterInstall(BackendFactory real) {
    return overriding(real, "dataAccess", backend -> backend.dataAccess().map(
        data -> new FailingInstall(data, () -> new Killed())));
  }

  /** Stands for the JVM being killed at that point. */
  public static final class Killed extends Error {
    public Killed() {
      super("injected: the JVM was killed here");
    }
  }

  /**
   * {@code real}, whose own administration offers no {@code remoteAccess()}: a backend written against the SPI
   * without remote backups (or against the SPI before it had them).
   */
  public static BackendFactory withoutRemoteAccess(BackendFactory real) {
    return overriding(real, "administration", backend -> backend.administration().map(WithoutRemoteAccess::new));
  }

  /** Every administration method but {@code remoteAccess()} (and those that default to it) goes to {@code real}. */
  private record WithoutRemoteAccess(TenantAdministration real) implements TenantAdministration {
    @Override
    public TenantStatus status(InstanceSpec spec) {
      return real.status(spec);
    }

    @Override
    public void applyLive(InstanceSpec spec) {
      real.applyLive(spec);
    }

    @Override
    public void reset(InstanceSpec spec) {
      real.reset(spec);
    }

    @Override
    public Optional<ServerTls> serverTls(TenantId id) {
      return real.serverTls(id);
    }
  }

  private static BackendFactory overriding(BackendFactory real, String name,
      java.util.function.Function<Backend, Object> replacement) {
    return context -> {
      Backend backend = real.create(context);
      InvocationHandler handler = (proxy, method, args) -> method.getName().equals(name) && method.getParameterCount() == 0
          ? replacement.apply(backend) : invoke(backend, method, args);
      return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
    };
  }

  private static Object invoke(Backend backend, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(backend, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record FailingInstall(InstanceDataAccess real, java.util.function.Supplier<Throwable> fault)
      implements InstanceDataAccess {
    @Override
    public void setAside(TenantId id, String token) {
      real.setAside(id, token);
    }

    @Override
    public boolean hasAside(TenantId id, String token) {
      return real.hasAside(id, token);
    }

    @Override
    public void install(TenantId id, Path rdb) {
      real.install(id, rdb);
      Throwable thrown = fault.get();
      if (thrown instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) thrown;
    }

    @Override
    public void removeSnapshot(TenantId id) {
      real.removeSnapshot(id);
    }

    @Override
    public void restoreAside(TenantId id, String token) {
      real.restoreAside(id, token);
    }

    @Override
    public void discardAside(TenantId id, String token) {
      real.discardAside(id, token);
    }
  }
}
