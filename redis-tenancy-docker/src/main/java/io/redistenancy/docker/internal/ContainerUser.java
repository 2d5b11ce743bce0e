package io.redistenancy.docker.internal;

import io.redistenancy.docker.DockerBackends;
import java.nio.file.Path;

/**
 * Who the containers run as, and whether this JVM may hand files to that user.
 *
 * @param uid the container's uid, never 0
 * @param gid the container's gid, never 0
 * @param jvmIsRoot whether this JVM runs as root (and can chown)
 */
record ContainerUser(int uid, int gid, boolean jvmIsRoot) {
  /** The configured user, else 999:999 as root, else this JVM's own uid:gid (read from {@code ownedFile}). */
  static ContainerUser resolve(DockerSettings settings, Path ownedFile) {
    int jvmUid = HostFiles.uidOf(ownedFile);
    int jvmGid = HostFiles.gidOf(ownedFile);
    boolean root = jvmUid == 0;
    if (settings.uid().isPresent()) {
      return new ContainerUser(settings.uid().get(), settings.gid().orElseThrow(), root);
    }
    if (root) {
      return new ContainerUser(DockerBackends.Docker.DEFAULT_UID, DockerBackends.Docker.DEFAULT_UID, true);
    }
    return new ContainerUser(jvmUid, jvmGid == 0 ? jvmUid : jvmGid, false);
  }

  /** As docker's {@code --user}: {@code uid:gid}. */
  String dockerUser() {
    return uid + ":" + gid;
  }

  /** Who should own the files the container writes: this user when this JVM may chown, else this JVM. */
  HostFiles.Owner fileOwner() {
    return jvmIsRoot ? new HostFiles.Owner(uid, gid) : HostFiles.Owner.KEEP;
  }
}
