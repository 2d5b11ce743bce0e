package io.redistenancy.samples.quickstart;

import io.redistenancy.MemorySize;
import java.nio.file.Path;
import java.util.List;

/**
 * What a quickstart run showed, for the integration test to check.
 *
 * @param isolationRefusal the server's answer to one tenant's credentials on another's endpoint
 * @param resizedTo the new maxmemory asked for
 * @param configMaxMemory {@code CONFIG GET maxmemory} as the tenant user, after the resize
 * @param pidBeforeResize the tenant's redis-server process id before the resize
 * @param pidAfterResize and after it: the same when the resize was live
 * @param handoverFiles the handover files written (deleted with a temporary workspace)
 */
public record QuickstartResult(
    String isolationRefusal,
    MemorySize resizedTo,
    String configMaxMemory,
    long pidBeforeResize,
    long pidAfterResize,
    List<Path> handoverFiles) {}
