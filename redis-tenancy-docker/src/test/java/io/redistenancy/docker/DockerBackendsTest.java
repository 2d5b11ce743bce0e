package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.docker.internal.DockerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import java.util.ServiceLoader;
import io.redistenancy.spi.BackendProvider;
import org.junit.jupiter.api.Test;

/** The settings: defaults, and every refusal with its exact message. */
class DockerBackendsTest {
  @Test
  void defaultsArePinnedAndHardened() {
    DockerSettings d = DockerBackends.docker().settings();
    assertThat(d.image()).isEqualTo("redis:7.4.6").doesNotContain("latest");
    assertThat(d.unixSocket()).isTrue();
    assertThat(d.bindAddress()).isEmpty();
    assertThat(d.firstPort()).isZero();
    assertThat(d.networkPerTenant()).isTrue();
    assertThat(d.uid()).isEmpty();
    assertThat(d.pidsLimit()).isEqualTo(64);
    assertThat(d.cpus()).isEqualTo(1.0);
    assertThat(d.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.dockerHost()).isEmpty();
  }

  @Test
  void settersKeepValues() {
    DockerSettings d = DockerBackends.docker().image("redis-tenancy-test/redis:7.0")
        .dockerHost("unix:///run/docker.sock").tcp("127.0.0.1", 16400, 16499).networkPerTenant(true)
        .user(1000, 1000).pidsLimit(128).cpus(0.5).stopTimeout(Duration.ofSeconds(3)).unixSocket(false).settings();
    assertThat(d.image()).isEqualTo("redis-tenancy-test/redis:7.0");
    assertThat(d.dockerHost()).contains("unix:///run/docker.sock");
    assertThat(d.bindAddress()).contains("127.0.0.1");
    assertThat(d.firstPort()).isEqualTo(16400);
    assertThat(d.lastPort()).isEqualTo(16499);
    assertThat(d.networkPerTenant()).isTrue();
    assertThat(d.uid()).contains(1000);
    assertThat(d.gid()).contains(1000);
    assertThat(d.pidsLimit()).isEqualTo(128);
    assertThat(d.cpus()).isEqualTo(0.5);
    assertThat(d.unixSocket()).isFalse();
  }

  @Test
  void unpinnedImagesAreRefused() {
    assertThatThrownBy(() -> DockerBackends.docker().image("redis:latest"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("image 'redis:latest' is not pinned; name a version tag such as redis:7.4.6 (never latest)");
    assertThatThrownBy(() -> DockerBackends.docker().image("localhost:5000/redis"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("image 'localhost:5000/redis' is not pinned; name a version tag such as redis:7.4.6 (never latest)");
    assertThat(DockerBackends.docker().image("localhost:5000/redis:7.2.4").settings().image()).isEqualTo("localhost:5000/redis:7.2.4");
    assertThat(DockerBackends.docker().image("redis@sha256:" + "a".repeat(64)).settings().image()).startsWith("redis@sha256:");
    assertThatThrownBy(() -> DockerBackends.docker().image("redis:7 --privileged"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("image 'redis:7 --privileged' is not an image reference; use e.g. redis:7.4.6");
    assertThatThrownBy(() -> DockerBackends.docker().image(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("image");
  }

  @Test
  void badSettingsAreRefusedWithTheSettingAndValue() {
    assertThatThrownBy(() -> DockerBackends.docker().tcp("127.0.0.1", 80, 90))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("TCP port range 80..90 is invalid; use first <= last within 1024..65535");
    assertThatThrownBy(() -> DockerBackends.docker().tcp("127.0.0.1", 20010, 20000))
        .hasMessage("TCP port range 20010..20000 is invalid; use first <= last within 1024..65535");
    assertThatThrownBy(() -> DockerBackends.docker().tcp("localhost; rm", 20000, 20010))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("bindAddress 'localhost; rm' is not an IP address; use e.g. 127.0.0.1");
    assertThatThrownBy(() -> DockerBackends.docker().user(0, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("user 0:0 is invalid; containers never run as root: use a uid and gid of 1 or more, e.g. 999:999");
    assertThatThrownBy(() -> DockerBackends.docker().pidsLimit(2))
        .hasMessage("pidsLimit 2 is out of range; allowed 8 to 32768");
    assertThatThrownBy(() -> DockerBackends.docker().cpus(-1))
        .hasMessage("cpus -1.0 is out of range; allowed 0 (no limit) to 1024");
    assertThatThrownBy(() -> DockerBackends.docker().stopTimeout(Duration.ZERO))
        .hasMessage("stopTimeout PT0S is invalid; use 1s to 1h");
    assertThatThrownBy(() -> DockerBackends.docker().dockerHost("/var/run/docker.sock"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("dockerHost '/var/run/docker.sock' is invalid; use unix:///path/to/docker.sock or tcp://host:port");
  }

  @Test
  void aBackendNeedsAnEndpoint(@TempDir Path home) throws IOException {
    var context = new DockerTestSupport.TestContext(home, "unit");
    assertThatThrownBy(() -> DockerBackends.docker().unixSocket(false).create(context))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("the Docker backend needs an endpoint: keep unixSocket(true) or set tcp(bindAddress, firstPort, "
            + "lastPort)");
    assertThatThrownBy(() -> DockerBackends.docker().create(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("context");
  }

  @Test
  void anUnreachableEngineIsReportedAsUnavailable(@TempDir Path home) throws IOException {
    var context = new DockerTestSupport.TestContext(home, "unit");
    Path socket = home.resolve("no-engine.sock");
    assertThatThrownBy(() -> DockerBackends.docker().dockerHost("unix://" + socket).create(context))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageStartingWith("cannot ping the Docker engine: the Docker engine at unix://" + socket
            + " does not answer (")
        .hasMessageEndingWith("). Start the engine (dockerd), or point DOCKER_HOST or "
            + "DockerBackends.docker().dockerHost(…) at a running one.");
  }

  @Test
  void theProviderIsFoundByServiceLoaderBelowTheLocalBackend() {
    BackendProvider docker = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("docker")).findFirst().orElseThrow();
    assertThat(docker.priority()).isNegative();
    assertThat(docker.factory()).isInstanceOf(DockerBackends.Docker.class);
  }

  @Test
  void anAcknowledgedVersionIsThreeNumbers() {
    assertThat(DockerBackends.docker().acknowledgeVersion("7.0.15").settings().acknowledgedVersions()).containsExactly("7.0.15");
    assertThatThrownBy(() -> DockerBackends.docker().acknowledgeVersion("7.0.15; rm"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("redisVersion '7.0.15; rm' is not a Redis version; use its three numbers as INFO's redis_version "
            + "shows them, e.g. 7.0.15");
  }
}
