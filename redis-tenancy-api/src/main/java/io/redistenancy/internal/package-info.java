/**
 * Small pieces shared by the engine and the backends: the name rule
 * ({@link io.redistenancy.internal.Names}), private files and directories
 * ({@link io.redistenancy.internal.PrivateFiles}), per-tenant locks
 * ({@link io.redistenancy.internal.TenantLocks}), OS file locks
 * ({@link io.redistenancy.internal.ExclusiveFileLock}), TCP port ranges
 * ({@link io.redistenancy.internal.PortAllocator}) and data-directory access for backends whose
 * instances' files this JVM reaches ({@link io.redistenancy.internal.DataDirectoryAccess}).
 */
package io.redistenancy.internal;
