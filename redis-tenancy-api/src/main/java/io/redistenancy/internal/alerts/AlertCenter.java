package io.redistenancy.internal.alerts;

import io.redistenancy.Alert;
import io.redistenancy.AlertNotice;
import io.redistenancy.AlertNotifier;
import io.redistenancy.AlertRules;
import io.redistenancy.Alerts;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import io.redistenancy.internal.audit.Actors;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.internal.audit.Audited;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts' lifecycle: raises, updates and resolves them from the engine's events by the
 * {@link AlertRuleBook}, keeps them in the home ({@link AlertStore}) with the retention, and tells
 * the notifiers when an alert is raised, escalates, is resolved or acknowledged (never on a repeat).
 */
public final class AlertCenter implements Alerts, TenancyListener {
  private static final Logger LOG = LoggerFactory.getLogger(AlertCenter.class);
  private static final int MAX_NOTE = 1_000;
  /** Resolved alerts kept at most, whatever the retention: a flapping tenant cannot grow the file forever. */
  private static final int MAX_RESOLVED = 2_000;

  private final AlertStore store;
  private final AlertRuleBook rules;
  private final AlertRules settings;
  private final List<AlertNotifier> notifiers;
  private final Clock clock;
  private final Audited audited;
  private final List<Alert> alerts;

  public AlertCenter(Path directory, AlertRules settings, List<AlertNotifier> notifiers, Clock clock, Audited audited) {
    this.store = new AlertStore(directory);
    this.rules = new AlertRuleBook(settings);
    this.settings = settings;
    this.notifiers = List.copyOf(notifiers);
    this.clock = clock;
    this.audited = audited;
    this.alerts = new ArrayList<>(store.load());
  }

  @Override
  public synchronized void onEvent(TenancyEvent event) {
    boolean changed = false;
    for (AlertRuleBook.Effect effect : rules.effects(event)) {
      if (effect instanceof AlertRuleBook.Raise raise) {
        raise(event.tenant(), raise);
        changed = true;
      } else if (effect instanceof AlertRuleBook.Resolve resolve) {
        changed |= resolve(event.tenant(), resolve.code());
      } else {
        changed |= resolve(event.tenant(), null);
      }
    }
    if (changed) {
      save();
    }
  }

  @Override
  public synchronized List<Alert> active() {
    return alerts.stream().filter(Alert::active).sorted(Comparator.comparing(Alert::raisedAt)).toList();
  }

  @Override
  public synchronized List<Alert> recent() {
    return alerts.stream().sorted(Comparator.comparing(Alert::updatedAt).reversed()).toList();
  }

  @Override
  public Alert acknowledge(String alertId, String note) {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(note, "note");
    if (note.length() > MAX_NOTE) {
      throw new InvalidRequestException("The note has " + note.length() + " characters; at most " + MAX_NOTE);
    }
    UUID id = parse(alertId);
    Alert alert = find(id.toString());
    return audited.call(AuditOperation.ALERT_ACKNOWLEDGE, alert.tenant().map(TenantId::of),
        AuditParameters.none().identifier("alert", id), () -> acknowledged(id.toString(), note));
  }

  private synchronized Alert acknowledged(String id, String note) {
    Alert alert = find(id);
    Alert acked = new Alert(alert.id(), alert.code(), alert.severity(), alert.tenant(), alert.message(),
        alert.raisedAt(), alert.updatedAt(), alert.occurrences(), alert.resolvedAt(),
        Optional.of(new Alert.Acknowledgement(Actors.current(), clock.instant(), note)));
    replace(alert, acked, AlertNotice.Change.ACKNOWLEDGED);
    save();
    return acked;
  }

  private static UUID parse(String alertId) {
    try {
      return UUID.fromString(alertId);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("'" + alertId.replaceAll("[^A-Za-z0-9-]", "?") + "' is not an alert id; "
          + "take one from tenancy.alerts().recent()");
    }
  }

  private synchronized Alert find(String id) {
    return alerts.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> new InvalidRequestException(
        "No kept alert has the id " + id + "; resolved alerts are kept " + settings.retention().toDays() + " days"));
  }

  private void raise(String tenant, AlertRuleBook.Raise raise) {
    Instant now = clock.instant();
    Optional<Alert> lasting = activeFor(tenant, raise.code());
    if (lasting.isEmpty()) {
      Alert alert = new Alert(UUID.randomUUID().toString(), raise.code(), raise.severity(), Optional.of(tenant),
          raise.message(), now, now, 1, Optional.empty(), Optional.empty());
      alerts.add(alert);
      LOG.warn("Alert {} {} {}: {}", alert.severity(), alert.code(), tenant, alert.message());
      tell(new AlertNotice(AlertNotice.Change.RAISED, alert));
      return;
    }
    Alert old = lasting.get();
    boolean escalates = raise.severity().compareTo(old.severity()) > 0;
    Alert updated = new Alert(old.id(), old.code(), escalates ? raise.severity() : old.severity(), old.tenant(),
        raise.message(), old.raisedAt(), now, old.occurrences() + 1, Optional.empty(), old.acknowledgement());
    replace(old, updated, escalates ? AlertNotice.Change.ESCALATED : null);
  }

  /** Resolves the tenant's active alert of {@code code} (every one for a null code); whether there was one. */
  private boolean resolve(String tenant, String code) {
    boolean any = false;
    for (Alert alert : List.copyOf(alerts)) {
      if (alert.active() && alert.tenant().filter(tenant::equals).isPresent() && (code == null || alert.code().equals(code))) {
        Instant now = clock.instant();
        replace(alert, new Alert(alert.id(), alert.code(), alert.severity(), alert.tenant(), alert.message(),
            alert.raisedAt(), now, alert.occurrences(), Optional.of(now), alert.acknowledgement()),
            AlertNotice.Change.RESOLVED);
        LOG.info("Alert {} {} resolved", alert.code(), tenant);
        any = true;
      }
    }
    return any;
  }

  private Optional<Alert> activeFor(String tenant, String code) {
    return alerts.stream().filter(a -> a.active() && a.code().equals(code) && a.tenant().filter(tenant::equals).isPresent())
        .findFirst();
  }

  private void replace(Alert old, Alert updated, AlertNotice.Change change) {
    alerts.set(alerts.indexOf(old), updated);
    if (change != null) {
      tell(new AlertNotice(change, updated));
    }
  }

  private void tell(AlertNotice notice) {
    for (AlertNotifier notifier : notifiers) {
      try {
        notifier.send(notice);
      } catch (RuntimeException e) {
        LOG.warn("Notifier {} threw on alert {}; ignored", notifier.getClass().getName(), notice.alert().id(), e);
      }
    }
  }

  /** Drops resolved alerts past the retention (and beyond the cap, oldest first), then writes the file. */
  private void save() {
    Instant oldest = clock.instant().minus(settings.retention());
    alerts.removeIf(a -> a.resolvedAt().filter(t -> t.isBefore(oldest)).isPresent());
    List<Alert> resolved = alerts.stream().filter(a -> !a.active()).sorted(Comparator.comparing(Alert::updatedAt)).toList();
    for (int i = 0; i < resolved.size() - MAX_RESOLVED; i++) {
      alerts.remove(resolved.get(i));
    }
    try {
      store.save(alerts);
    } catch (RuntimeException e) {
      LOG.error("Could not keep the alerts in the home: {}", e.getMessage(), e);
    }
  }
}
