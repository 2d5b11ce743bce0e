package io.redistenancy.docker;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.docker.internal.DockerBackend;
import io.redistenancy.internal.Checked;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Moves every tenant of a tenancy on the Docker backend to another image, one container at a time:
 * each is stopped cleanly, recreated on the new image with the same data directory, socket, host
 * port, limits and labels, and must answer an authenticated PING before the next one is touched.
 * A tenant that fails is rolled back to its previous container (which answers again) and the upgrade
 * stops there; the tenants after it keep the old image. Tenants on the new image already (same
 * reference, same image id) are skipped, so running it again resumes; a tag that now names another
 * image counts as new. Data survive per the plan's persistence (a tenant without persistence
 * restarts empty, as on any restart).
 *
 * <pre>{@code
 * DockerBackends.Docker docker = DockerBackends.docker();
 * RedisTenancy tenancy = RedisTenancy.builder().home(home).backend(docker).build();
 * …
 * FleetUpgrade.Report report = FleetUpgrade.run(tenancy, docker, "redis:7.4.3", p -> log.info("{}", p));
 * }</pre>
 *
 * After a complete upgrade the tenancy creates new tenants on the new image too; configure it with
 * {@link DockerBackends.Docker#image(String)} for the next start. Other operations may run meanwhile:
 * one on the tenant being recreated waits until it answers again (or was rolled back).
 */
public final class FleetUpgrade {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 20;

  private FleetUpgrade() {}

  /** Where an upgrade is, reported as it goes. */
  public enum Step {
    /** The tenant's container is about to be recreated. */
    STARTING,
    /** It runs the new image and answered. */
    UPGRADED,
    /** It ran the new image already. */
    ALREADY_CURRENT,
    /** It failed and was put back on its previous container; the upgrade stops. */
    ROLLED_BACK
  }

  /** One step for one tenant, the {@code index}th (from 1) of {@code total}. */
  public record Progress(String tenant, int index, int total, Step step, String detail) {}

  /**
   * What an upgrade did.
   *
   * @param rolledBack the tenant that failed and was rolled back, if one did
   * @param notAttempted the tenants after it, left on their image
   * @param failure why that tenant failed
   */
  public record Report(String image, List<String> upgraded, List<String> alreadyCurrent, Optional<String> rolledBack,
      List<String> notAttempted, Optional<String> failure) {
    /** Whether every tenant runs the image now. */
    public boolean complete() {
      return rolledBack.isEmpty();
    }
  }

  /**
   * Upgrades the tenants of {@code tenancy}, sorted by name, to {@code image}.
   *
   * @param docker the settings {@code tenancy} was built with: they know the backend they opened for it
   * @param progress told of every step, on the calling thread
   * @throws InvalidRequestException if the image reference is invalid or the tenancy does not run on a
   *     Docker backend opened by {@code docker} (nothing is touched)
   * @throws ProvisioningFailedException if the image is not on the engine and cannot be pulled
   *     (nothing is touched)
   */
  public static Report run(RedisTenancy tenancy, DockerBackends.Docker docker, String image,
      Consumer<Progress> progress) {
    Objects.requireNonNull(tenancy, "tenancy");
    Objects.requireNonNull(docker, "docker");
    Objects.requireNonNull(progress, "progress");
    DockerBackends.docker().image(image); // the same checks as configuring it
    DockerBackend backend = docker.openBackend(tenancy.home()).orElseThrow(() -> new InvalidRequestException(
        "the tenancy at " + tenancy.home() + " does not run on an open Docker backend (its backend is "
            + tenancy.backendName() + ") made from these settings; pass FleetUpgrade the DockerBackends.docker() "
            + "settings given to the tenancy's builder"));
    String imageId = backend.ensureImage(image);
    List<Tenant> tenants = tenancy.tenants();
    List<String> upgraded = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (int i = 0; i < tenants.size(); i++) {
      Tenant tenant = tenants.get(i);
      int index = i + 1;
      progress.accept(new Progress(tenant.name(), index, tenants.size(), Step.STARTING, "to " + image));
      try {
        boolean moved = backend.moveToImage(TenantId.of(tenant.name()), image, imageId,
            () -> awaitPing(tenant));
        (moved ? upgraded : current).add(tenant.name());
        progress.accept(new Progress(tenant.name(), index, tenants.size(),
            moved ? Step.UPGRADED : Step.ALREADY_CURRENT, moved ? "runs " + image : "ran " + image + " already"));
      } catch (TenantNotFoundException e) {
        current.add(tenant.name()); // no container: reconcile recreates it, on the image configured then
        progress.accept(new Progress(tenant.name(), index, tenants.size(), Step.ALREADY_CURRENT, e.getMessage()));
      } catch (TenancyException e) {
        progress.accept(new Progress(tenant.name(), index, tenants.size(), Step.ROLLED_BACK, e.getMessage()));
        List<String> rest = tenants.subList(index, tenants.size()).stream().map(Tenant::name).toList();
        return new Report(image, upgraded, current, Optional.of(tenant.name()), rest, Optional.of(e.getMessage()));
      }
    }
    backend.useImage(image);
    return new Report(image, upgraded, current, Optional.empty(), List.of(), Optional.empty());
  }

  /** Polls an authenticated PING on a fresh connection until it answers or the timeout passes. */
  private static void awaitPing(Tenant tenant) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() - deadline < 0) {
      try (var conn = tenant.connect()) {
        if ("PONG".equals(conn.sync().ping())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        throw Checked.interrupted("waiting for tenant '" + tenant.name() + "'", e);
      }
    }
    throw new ProvisioningFailedException("tenant '" + tenant.name() + "' did not answer an authenticated PING within "
        + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : " (" + last.getMessage() + ")"), last);
  }
}
