/**
 * The local certificate authorities and what they issue: the home CA and, per tenant, a server CA and
 * a client CA ({@link io.redistenancy.internal.tls.HomeCertificates}, kept by
 * {@code CaFiles}, made by
 * {@link io.redistenancy.internal.tls.CertificateAuthority}), PEM text
 * ({@link io.redistenancy.internal.tls.Pem}), and the client side: trust that checks a tenant's own
 * server name ({@link io.redistenancy.internal.tls.TenantServerTrust}), SSL contexts and Lettuce
 * options. The engine's {@code TenantTls} and {@code CertificateOperations} use them.
 */
package io.redistenancy.internal.tls;
