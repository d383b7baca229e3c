package imagestream.config.tls;

import imagestream.UserCache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for this machine, kept in a folder (by default the user's cache
 * folder) so that a browser's exception for it survives a restart: made on first use, reused
 * while it names the same hosts and addresses and has at least {@link #RENEW_BEFORE} left, made
 * anew otherwise. The key is EC P-256 and its file is readable by its owner only where the file
 * system has POSIX permissions (on Windows the user's profile folder is private already).
 */
public final class SelfSignedCertificate {

  private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

  /** How long a new certificate is valid: the longest that Apple's devices accept. */
  public static final Duration VALIDITY = Duration.ofDays(397);
  /** A certificate with less time left than this is made anew. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);
  /** The certificate file's name in the folder. */
  public static final String CERT_FILE = "certificate.pem";
  /** The key file's name in the folder. */
  public static final String KEY_FILE = "key.pem";

  private static final Object LOCK = new Object();

  private SelfSignedCertificate() {}

  /** The folder the servers keep their certificate in: {@code image-stream/tls} in the cache. */
  public static Path defaultFolder() throws IOException {
    return UserCache.folder("tls");
  }

  /**
   * The certificate in {@code folder} for exactly these {@code names}, made now if there is none,
   * it names others, or it is about to expire. Servers starting at once share one: the folder
   * is locked while it is checked.
   *
   * @param names host names and IP addresses the certificate covers; blanks and the wildcard
   *     addresses ({@code 0.0.0.0}, {@code ::}) are left out, and case and address notation
   *     do not matter
   * @param now the current time
   * @throws UncheckedIOException if the folder cannot be written
   */
  public static TlsMaterial obtain(Path folder, Collection<String> names, Instant now) {
    SortedSet<String> wanted = normalize(names);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    try {
      Files.createDirectories(folder);
      ownerOnly(folder, "rwx------");
      synchronized (LOCK) {
        try (FileChannel channel = FileChannel.open(folder.resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          return reuseOrMake(folder, wanted, now);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the self-signed certificate in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static TlsMaterial reuseOrMake(Path folder, SortedSet<String> wanted, Instant now)
      throws IOException {
    Path certFile = folder.resolve(CERT_FILE);
    Path keyFile = folder.resolve(KEY_FILE);
    String why = "none was there";
    if (Files.exists(certFile) || Files.exists(keyFile)) {
      try {
        TlsMaterial kept = PemMaterial.load(certFile, keyFile, now);
        SortedSet<String> named = namesOf(kept.certificate());
        if (!named.equals(wanted)) {
          why = "it named " + String.join(", ", named);
        } else if (kept.certificate().getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
          why = "it expires on " + kept.certificate().getNotAfter().toInstant();
        } else {
          return kept;
        }
      } catch (TlsException e) {
        why = "the one there could not be used (" + e.getMessage() + ")";
      }
    }
    TlsMaterial made = make(wanted, now);
    write(keyFile, "PRIVATE KEY", made.key().getEncoded(), "rw-------");
    write(certFile, "CERTIFICATE", encoded(made.certificate()), "rw-r--r--");
    log.info("Made a self-signed certificate for {} in {}, as {}",
        String.join(", ", wanted), folder, why);
    return made;
  }

  /** A new EC P-256 key and a certificate for {@code names}, valid from an hour before now. */
  static TlsMaterial make(Set<String> names, Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=Image Stream (self-signed)");
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
          // An hour early, for devices whose clock is a little behind.
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
          subject, pair.getPublic());
      GeneralName[] alternatives = names.stream()
          .map(name -> new GeneralName(
              IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
          .toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
      // A server certificate, not an authority: Firefox refuses an authority used as a server.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new TlsMaterial(pair.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("Cannot make a self-signed certificate: " + e, e);
    }
  }

  /** The DNS names and IP addresses a certificate covers, normalized as {@link #normalize}. */
  static SortedSet<String> namesOf(X509Certificate certificate) {
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      List<String> names = alternatives == null ? List.of() : alternatives.stream()
          .filter(entry -> (Integer) entry.get(0) == 2 || (Integer) entry.get(0) == 7)
          .map(entry -> (String) entry.get(1))
          .toList();
      return normalize(names);
    } catch (CertificateParsingException e) {
      return new TreeSet<>();
    }
  }

  /**
   * The names as a certificate holds them: host names in lower case, IP addresses in one
   * notation, without an IPv6 zone ({@code %eth0}); no blanks, no wildcard addresses.
   */
  static SortedSet<String> normalize(Collection<String> names) {
    SortedSet<String> normalized = new TreeSet<>();
    for (String name : names) {
      String trimmed = name == null ? "" : name.trim();
      int zone = trimmed.indexOf('%');
      String literal = zone >= 0 ? trimmed.substring(0, zone) : trimmed;
      if (literal.startsWith("[") && literal.endsWith("]")) {
        literal = literal.substring(1, literal.length() - 1);
      }
      if (IPAddress.isValid(literal)) {
        try {
          // A literal: no lookup happens.
          InetAddress address = InetAddress.getByName(literal);
          if (!address.isAnyLocalAddress()) {
            normalized.add(address.getHostAddress());
          }
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("not an IP address: " + name, e);
        }
      } else if (!trimmed.isEmpty()) {
        normalized.add(trimmed.toLowerCase(Locale.ROOT));
      }
    }
    return normalized;
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a certificate just made can be encoded", e);
    }
  }

  /** Writes one PEM block whole or not at all, with these permissions from its first byte. */
  private static void write(Path file, String type, byte[] content, String permissions)
      throws IOException {
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(new PemObject(type, content));
    }
    Path temp = posix(file)
        ? Files.createTempFile(file.getParent(), ".new", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)))
        : Files.createTempFile(file.getParent(), ".new", ".tmp", new FileAttribute<?>[0]);
    try {
      Files.writeString(temp, pem.toString(), StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void ownerOnly(Path folder, String permissions) throws IOException {
    if (posix(folder)) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
