/**
 * The shared-servers backend: tenants as allow-list ACL users with a key prefix on Redis servers and
 * clusters someone else runs. {@link io.redistenancy.internal.external.SharedAclBackend} is the
 * backend; {@link io.redistenancy.internal.external.AclRules} the one place that writes a tenant's
 * ACL; {@link io.redistenancy.internal.external.SharedServer} one server of the pool (a standalone
 * master with its replicas, or a whole cluster) with its registry of this tenancy's users;
 * {@link io.redistenancy.internal.external.NodePool} the admin connections to one node.
 */
package io.redistenancy.internal.external;
