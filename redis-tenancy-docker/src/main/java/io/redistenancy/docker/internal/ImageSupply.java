package io.redistenancy.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.NameParser;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.Checked;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured image on the engine: checked once, pulled from its registry if missing. */
final class ImageSupply {
  private static final Logger LOG = LoggerFactory.getLogger(ImageSupply.class);

  private final DockerEngine engine;
  private final String image;
  private volatile boolean ready;

  ImageSupply(DockerEngine engine, String image) {
    this.engine = engine;
    this.image = image;
  }

  String name() {
    return image;
  }

  /** Makes sure the engine has the image, pulling it once if it has not. */
  void ensure() {
    if (ready) {
      return;
    }
    boolean present = engine.call("inspect an image", () -> {
      try {
        engine.client().inspectImageCmd(image).exec();
        return true;
      } catch (NotFoundException e) {
        return false;
      }
    });
    if (!present) {
      LOG.info("pulling image {} from its registry", image);
      try {
        NameParser.ReposTag tag = NameParser.parseRepositoryTag(image);
        var pull = engine.client().pullImageCmd(tag.repos);
        if (!tag.tag.isEmpty()) {
          pull.withTag(tag.tag);
        }
        PullCallback callback = pull.exec(new PullCallback());
        if (!callback.awaitCompletion(10, TimeUnit.MINUTES)) {
          closeQuietly(callback);
          throw new ProvisioningFailedException("pulling " + image + " took longer than 10 minutes");
        }
        if (callback.error != null) {
          throw callback.error instanceof RuntimeException r ? r : new IllegalStateException(callback.error);
        }
      } catch (InterruptedException e) {
        throw Checked.interrupted("pulling image " + image, e);
      } catch (RuntimeException e) {
        throw new ProvisioningFailedException("image " + image + " is not on the Docker engine at " + engine.host()
            + " and could not be pulled (" + DockerEngine.rootMessage(e) + "); load it into the engine "
            + "(docker load / docker import) or choose another with DockerBackends.docker().image(…)", e);
      }
    }
    ready = true;
  }

  /** Follows a pull; its failure is reported by the caller (docker-java's own callback logs it as an error). */
  private static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
    private volatile Throwable error;

    @Override
    public void onNext(PullResponseItem item) {
      if (item.getErrorDetail() != null && error == null) {
        error = new IllegalStateException(item.getErrorDetail().getMessage());
      }
    }

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
      onComplete();
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing a finished stream
    }
  }
}
