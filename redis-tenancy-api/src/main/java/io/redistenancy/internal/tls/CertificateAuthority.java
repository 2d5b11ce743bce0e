package io.redistenancy.internal.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority: an EC P-256 key and a self-signed CA certificate
 * ({@code BasicConstraints(0)} critical, keyCertSign and cRLSign), which issues server certificates
 * (serverAuth, every name and address in the SAN) and client certificates (clientAuth). Every key is
 * a fresh EC P-256 key from the BouncyCastle provider, used as an instance (never registered
 * process-wide). Thread-safe.
 */
public final class CertificateAuthority {
  static final Provider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IssuedCertificate ca;

  private CertificateAuthority(IssuedCertificate ca) {
    this.ca = ca;
  }

  /** A new CA named {@code commonName}, valid from {@code notBefore} to {@code notAfter}. */
  public static CertificateAuthority create(String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
          Date.from(notAfter), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(new IssuedCertificate(sign(b, keys), keys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a CA certificate", e);
    }
  }

  /** The CA of a certificate and key read back from the home. */
  public static CertificateAuthority of(String certificatePem, String keyPem) {
    List<X509Certificate> certs = Pem.parseCertificates(certificatePem);
    if (certs.size() != 1) {
      throw new IllegalArgumentException("a CA file holds one certificate, not " + certs.size());
    }
    return new CertificateAuthority(new IssuedCertificate(certs.get(0), Pem.parsePrivateKey(keyPem, BC)));
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public IssuedCertificate issued() {
    return ca;
  }

  /**
   * A server certificate for {@code commonName} with every host name and IP address clients use in its
   * subject alternative names.
   */
  public IssuedCertificate issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses,
      Instant notBefore, Instant notAfter) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    for (String ip : ipAddresses) {
      names.add(new GeneralName(GeneralName.iPAddress, requireLiteralAddress(ip)));
    }
    return issue(commonName, KeyPurposeId.id_kp_serverAuth, names, notBefore, notAfter);
  }

  /** A client certificate for mutual TLS: clientAuth only. */
  public IssuedCertificate issueClient(String commonName, Instant notBefore, Instant notAfter) {
    return issue(commonName, KeyPurposeId.id_kp_clientAuth, List.of(), notBefore, notAfter);
  }

  /** A certificate with only {@code purpose}; package-private so tests can make wrong ones. */
  IssuedCertificate issue(String commonName, KeyPurposeId purpose, List<GeneralName> names,
      Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(commonName, "commonName");
    KeyPair keys = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore),
          Date.from(notAfter), name(commonName), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
      if (!names.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new IssuedCertificate(sign(b, new KeyPair(ca.certificate().getPublicKey(), ca.key())), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer.getPrivate());
      return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "redis-tenancy").addRDN(BCStyle.CN, commonName).build();
  }

  /** The subject this CA gives a certificate issued for {@code commonName}. */
  static X500Principal subject(String commonName) {
    try {
      return new X500Principal(name(commonName).getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode the name " + commonName, e);
    }
  }

  /** An IPv4 or IPv6 literal; never resolved through DNS. */
  static String requireLiteralAddress(String ip) {
    if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("'" + ip + "' is not an IP address literal");
    }
    try {
      return InetAddress.getByName(ip).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("'" + ip + "' is not an IP address literal");
    }
  }

  /**
   * Whether {@code key} (EC or RSA) is the private key of {@code certificate}: a signature by one verifies
   * with the other.
   */
  public static boolean keyMatches(X509Certificate certificate, java.security.PrivateKey key) {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm, BC);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm, BC);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority{" + ca.certificate().getSubjectX500Principal().getName() + "}";
  }
}
