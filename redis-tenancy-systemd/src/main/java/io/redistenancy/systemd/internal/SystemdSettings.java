package io.redistenancy.systemd.internal;

import io.redistenancy.MemorySize;
import io.redistenancy.systemd.CommandRunner;
import io.redistenancy.systemd.SystemdBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a systemd backend is created with: the values of {@link SystemdBackends.Systemd}, each
 * already checked (and none null) by its setter, frozen when {@code create(context)} is called.
 *
 * @param unitName the template unit's name without {@code @.service}
 * @param configRoot where configurations go
 * @param clientGroup the group that owns every socket, if any
 * @param commandRunner how commands reach the machine
 * @param clientSocketDirectory where clients find {@code /run/UNIT_NAME}, when that differs
 * @param redisServer the {@code redis-server} binary as systemd sees it
 * @param tasksMax {@code TasksMax=} of every instance
 * @param cpuQuotaPercent {@code CPUQuota=} of every instance
 * @param memoryOverhead added to {@code maxmemory} for the hard limit
 * @param forkHeadroomPercent added to the hard limit of persistent plans, in percent of {@code maxmemory}
 * @param startTimeout {@code TimeoutStartSec=}/{@code TimeoutStopSec=}
 * @param dynamicUser whether instances run as users systemd allocates
 * @param firstPort the first TCP port, or 0 when TCP is off
 * @param lastPort the last TCP port, or 0 when TCP is off
 */
public record SystemdSettings(String unitName, Path configRoot, Optional<String> clientGroup,
    CommandRunner commandRunner, Optional<Path> clientSocketDirectory, Path redisServer, int tasksMax,
    int cpuQuotaPercent, MemorySize memoryOverhead, int forkHeadroomPercent, Duration startTimeout,
    boolean dynamicUser, int firstPort, int lastPort) {}
