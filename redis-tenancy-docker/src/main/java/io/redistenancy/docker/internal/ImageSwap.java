package io.redistenancy.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.Map;

/**
 * Moves one tenant's container to another image: the old container is stopped cleanly (Redis saves
 * what its persistence mode keeps) and set aside under another name, a new one with the same name,
 * labels, limits, mounts, network and host port is started on the new image, and only once the
 * tenant answers again is the old one removed. On any failure the new container goes and the old one
 * comes back under its name, started as before.
 */
final class ImageSwap {
  private static final int LOG_LINES = 40;
  private static final String ASIDE_SUFFIX = "-previous";

  private final DockerEngine engine;
  private final ContainerTemplate template;
  private final EngineEvents events;
  private final Duration stopTimeout;

  ImageSwap(DockerEngine engine, ContainerTemplate template, EngineEvents events, Duration stopTimeout) {
    this.engine = engine;
    this.template = template;
    this.events = events;
    this.stopTimeout = stopTimeout;
  }

  /**
   * Recreates {@code containerId} on {@code image}, under the tenant's container {@code name}.
   *
   * @param imageId the id {@code image} names now
   * @param awaitReady returns once the tenant answers (authenticated), throws if it does not in time
   * @return false if the container runs {@code image} already, by name and content (nothing was done)
   * @throws ProvisioningFailedException after rolling back, naming the cause and the new container's log
   */
  boolean swap(TenantId id, String containerId, String name, String image, String imageId, TenantFiles files,
      Runnable awaitReady) {
    InspectContainerResponse old = engine.inspect(containerId).orElseThrow(() -> new ProvisioningFailedException(
        "Tenant '" + id + "': its container " + containerId + " vanished before its image could be changed"));
    String oldImage = old.getConfig().getImage();
    if (image.equals(oldImage) && imageId.equals(old.getImageId())) {
      return false;
    }
    boolean running = Boolean.TRUE.equals(old.getState().getRunning());
    events.stopExpected(containerId, () -> engine.stop(containerId, stopTimeout));
    setAside(old, name + ASIDE_SUFFIX);
    String fresh = null;
    try {
      Map<String, String> labels = old.getConfig().getLabels();
      int port = DockerEngine.hostPorts(old).stream().findFirst().orElse(0);
      fresh = engine.call("create a container", () -> template.create(engine.client(), image, name, labels,
          old.getHostConfig().getMemory(), files, old.getHostConfig().getNetworkMode(), port).exec().getId());
      if (running) {
        engine.start(fresh);
        awaitReady.run();
      }
      engine.remove(containerId);
      return true;
    } catch (RuntimeException e) {
      String log = fresh == null ? "" : engine.logTail(fresh, LOG_LINES);
      rollBack(id, containerId, name, fresh, running, awaitReady, e);
      throw new ProvisioningFailedException("Tenant '" + id + "': its container could not be moved to image " + image
          + " (" + DockerEngine.rootMessage(e) + "); it was rolled back to " + oldImage + " and answers again, with "
          + "its data and endpoints." + (log.isEmpty() ? "" : " Log of the new container:\n" + log), e);
    }
  }

  /**
   * Renames the old container out of the way; an earlier upgrade's container of the same owner left
   * under that name by a crash is removed first (a container of anyone else fails the rename).
   */
  private void setAside(InspectContainerResponse old, String aside) {
    if (old.getName().equals("/" + aside)) {
      return; // a crash left it set aside, and it is the only one
    }
    String owner = old.getConfig().getLabels().get(Names.OWNER);
    engine.inspect(aside)
        .filter(c -> owner != null && owner.equals(c.getConfig().getLabels().get(Names.OWNER)))
        .ifPresent(c -> engine.remove(c.getId()));
    engine.rename(old.getId(), aside);
  }

  private void rollBack(TenantId id, String oldId, String name, String fresh, boolean running, Runnable awaitReady,
      RuntimeException cause) {
    try {
      if (fresh != null) {
        events.expectStop(fresh);
        engine.remove(fresh);
      }
      engine.rename(oldId, name);
      if (running) {
        engine.start(oldId);
        awaitReady.run();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      throw new ProvisioningFailedException("Tenant '" + id + "': moving its container to another image failed ("
          + DockerEngine.rootMessage(cause) + ") and so did the rollback (" + DockerEngine.rootMessage(e) + "); its "
          + "previous container is " + oldId + ": rename it to " + name + " and start it", cause);
    }
  }
}
