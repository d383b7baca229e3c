package imagestream.config.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate: its names, its files, when it is kept and when made anew. */
class SelfSignedCertificateTest {

  private static final Instant NOW = Instant.parse("2031-03-01T10:00:00Z");
  private static final List<String> NAMES =
      List.of("0.0.0.0", "LAPTOP", "localhost", "192.168.1.20", "fe80::1%eth0", "2001:db8::7", " ");

  @TempDir Path dir;

  @Test
  void coversEachNameAndAddressAsAServerCertificate() throws Exception {
    TlsMaterial material = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    X509Certificate certificate = material.certificate();
    Set<String> dns = sans(certificate, 2);
    Set<String> ips = sans(certificate, 7).stream()
        .map(ip -> addressOf(ip)).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("laptop", "localhost"), dns);
    assertEquals(Set.of(addressOf("192.168.1.20"), addressOf("fe80::1"), addressOf("2001:db8::7")), ips,
        "addresses without zone; no wildcard address");
    assertEquals("EC", certificate.getPublicKey().getAlgorithm());
    assertEquals(-1, certificate.getBasicConstraints(), "not an authority");
    assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
    certificate.verify(certificate.getPublicKey()); // self-signed
    certificate.checkValidity(java.util.Date.from(NOW));
    assertEquals(NOW.plus(SelfSignedCertificate.VALIDITY), certificate.getNotAfter().toInstant());
    assertTrue(material.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), material.fingerprint());
  }

  @Test
  void keepsTheKeyReadableByItsOwnerOnly() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    SelfSignedCertificate.obtain(dir, NAMES, NOW);
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(SelfSignedCertificate.KEY_FILE))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertTrue(Files.readString(dir.resolve(SelfSignedCertificate.CERT_FILE))
        .startsWith("-----BEGIN CERTIFICATE-----"));
    try (var leftovers = Files.list(dir)) {
      assertEquals(Set.of(".lock", "certificate.pem", "key.pem"),
          leftovers.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temporary files");
    }
  }

  @Test
  void reusesTheCertificateForTheSameNamesInAnyOrderOrNotation() {
    TlsMaterial first = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    TlsMaterial again = SelfSignedCertificate.obtain(dir,
        List.of("2001:0db8:0:0:0:0:0:7", "localhost", "laptop", "192.168.1.20", "[fe80::1]"),
        NOW.plus(Duration.ofDays(300)));
    assertEquals(first.fingerprint(), again.fingerprint());
    assertEquals(first.key(), again.key());
  }

  @Test
  void makesANewOneWhenTheNamesChange() {
    TlsMaterial first = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    TlsMaterial moved = SelfSignedCertificate.obtain(dir, List.of("laptop", "localhost", "10.0.0.5"), NOW);
    assertNotEquals(first.fingerprint(), moved.fingerprint());
    assertEquals(Set.of("laptop", "localhost", "10.0.0.5"),
        SelfSignedCertificate.namesOf(moved.certificate()));
    assertEquals(moved.fingerprint(),
        SelfSignedCertificate.obtain(dir, List.of("laptop", "localhost", "10.0.0.5"), NOW).fingerprint(),
        "and keeps the new one");
  }

  @Test
  void makesANewOneBeforeItExpires() {
    TlsMaterial first = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    Instant late = NOW.plus(SelfSignedCertificate.VALIDITY).minus(SelfSignedCertificate.RENEW_BEFORE)
        .plusSeconds(60);
    TlsMaterial renewed = SelfSignedCertificate.obtain(dir, NAMES, late);
    assertNotEquals(first.fingerprint(), renewed.fingerprint());
    assertTrue(renewed.certificate().getNotAfter().toInstant().isAfter(late.plus(Duration.ofDays(300))));
  }

  @Test
  void makesANewOneWhenItsFilesAreDamaged() throws Exception {
    TlsMaterial first = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    Files.writeString(dir.resolve(SelfSignedCertificate.KEY_FILE), "garbage");
    TlsMaterial second = SelfSignedCertificate.obtain(dir, NAMES, NOW);
    assertNotEquals(first.fingerprint(), second.fingerprint());
    Files.delete(dir.resolve(SelfSignedCertificate.CERT_FILE));
    assertNotEquals(second.fingerprint(), SelfSignedCertificate.obtain(dir, NAMES, NOW).fingerprint());
  }

  @Test
  void machineNamesHoldNoLoopbackAddressExceptTheUsualOnes() {
    for (InetAddress address : MachineAddresses.nonLoopback()) {
      assertFalse(address.isLoopbackAddress() || address.isAnyLocalAddress(), address.toString());
    }
    List<String> names = MachineAddresses.certificateNames("0.0.0.0");
    assertTrue(names.containsAll(List.of("localhost", "127.0.0.1", "::1")), names.toString());
    MachineAddresses.nonLoopback().forEach(a -> assertTrue(names.contains(a.getHostAddress())));
    MachineAddresses.hostName().ifPresent(h -> assertTrue(names.contains(h)));
    assertFalse(SelfSignedCertificate.normalize(names).contains("0.0.0.0"));
  }

  private static Set<String> sans(X509Certificate certificate, int type) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(entry -> (Integer) entry.get(0) == type)
        .map(entry -> (String) entry.get(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String addressOf(String literal) {
    try {
      return InetAddress.getByName(literal).getHostAddress();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
