package io.redistenancy.internal.engine;

import io.redistenancy.Deletion;
import io.redistenancy.EventPayload;
import io.redistenancy.ReconcileReport;
import io.redistenancy.UnwantedInstances;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares desired state with what the backend really has, and repairs: a create the crash
 * interrupted is rolled back (the caller never got a tenant), a delete is finished, a resize, start or
 * stop is re-applied; tenants that should run and don't are started (recreated if their instance is
 * gone); instances this home owns that no tenant wants are reported or removed.
 */
final class Reconciler {
  private final TenantOperations ops;
  private final Backend backend;
  private final List<String> completed = new ArrayList<>();
  private final List<String> rolledBack = new ArrayList<>();
  private final List<String> restarted = new ArrayList<>();
  private final List<String> unwanted = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  Reconciler(TenantOperations ops) {
    this.ops = ops;
    this.backend = ops.backend();
  }

  ReconcileReport run(UnwantedInstances mode) {
    for (TenantId id : ops.ids()) {
      try {
        ops.locks().with(id, () -> repair(id));
      } catch (RuntimeException e) {
        problems.add(id + ": " + e.getMessage());
      }
    }
    for (TenantId id : ops.interruptedCreates()) {
      try {
        ops.locks().with(id, () -> rollBackUnrecorded(id));
      } catch (RuntimeException e) {
        problems.add(id + ": " + e.getMessage());
      }
    }
    Set<TenantId> wanted = Set.copyOf(ops.ids());
    for (DiscoveredInstance found : backend.discover()) {
      if (!wanted.contains(found.id())) {
        unwanted.add(found.id() + " (" + found.state() + ")");
        if (mode == UnwantedInstances.REMOVE) {
          removeUnwanted(found.id());
        }
      }
    }
    return new ReconcileReport(completed, rolledBack, restarted, unwanted, removed, problems);
  }

  /** A create that a crash stopped before its record: its secrets are its only trace at home. */
  private void rollBackUnrecorded(TenantId id) {
    if (ops.find(id).isPresent()) {
      return; // a create in this tenancy finished while we waited for its lock
    }
    RuntimeException cause = new RuntimeException("interrupted create");
    ops.rollBackCreate(id, cause);
    rolledBack.add(id + ": create interrupted; rolled back" + suppressed(cause));
  }

  private void repair(TenantId id) {
    TenantRecord record = ops.find(id).orElse(null);
    if (record == null) {
      return;
    }
    Operation pending = record.pending();
    if (pending != null) {
      switch (pending.type()) {
        case CREATE -> {
          RuntimeException cause = new RuntimeException("interrupted create");
          ops.rollBackCreate(id, cause);
          rolledBack.add(id + ": create interrupted; rolled back" + suppressed(cause));
          return;
        }
        case DELETE -> {
          backend.remove(id, Deletion.valueOf(pending.detail()));
          ops.forget(id);
          completed.add(id + ": delete finished");
          ops.events().emit(id.value(), new EventPayload.Deleted(Optional.empty(), true));
          return;
        }
        case RESTORE -> {
          rolledBack.add(ops.kind().data().recover(ops, record));
          record = ops.require(id);
        }
        default -> {
          backend.reconfigure(ops.spec(record));
          if (backend.state(id) == InstanceState.RUNNING && !record.endpoints().isEmpty()) {
            ops.applyLive(record);
            if (Reconfigure.RESTART.equals(pending.detail())) {
              backend.stop(id); // a setting Redis fixes at start; ensureDesiredState starts it again
            }
          }
          record = record.done();
          ops.save(record);
          completed.add(id + ": " + pending.type().name().toLowerCase() + " re-applied");
        }
      }
    }
    ensureDesiredState(record);
  }

  private void ensureDesiredState(TenantRecord record) {
    TenantId id = record.id();
    InstanceState state = backend.state(id);
    if (record.running() && state != InstanceState.RUNNING) {
      ops.startInstance(record);
      restarted.add(id + " (was " + state + ")");
      ops.events().emit(id.value(), EventPayload.Restarted.described("by reconcile; was " + state));
    } else if (!record.running() && state == InstanceState.RUNNING) {
      backend.stop(id);
      completed.add(id + ": stopped, as desired");
    } else if (record.running() && ops.moves().follow(record, "found by reconcile") != record) {
      completed.add(id + ": now on " + ops.require(id).endpointList());
    }
  }

  private void removeUnwanted(TenantId id) {
    try {
      backend.remove(id, Deletion.PURGE);
      removed.add(id.value());
    } catch (RuntimeException e) {
      problems.add(id + ": could not remove unwanted instance: " + e.getMessage());
    }
  }

  private static String suppressed(RuntimeException cause) {
    return cause.getSuppressed().length == 0 ? ""
        : " (with problems: " + java.util.Arrays.stream(cause.getSuppressed()).map(Throwable::getMessage)
            .collect(Collectors.joining("; ")) + ")";
  }
}
