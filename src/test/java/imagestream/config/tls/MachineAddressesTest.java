package imagestream.config.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses in URLs and which of them a server is reached at; no interface is read here. */
class MachineAddressesTest {

  /** As browsers write them in an {@code Origin}, so that they compare equal. */
  @ParameterizedTest
  @CsvSource({
      "192.0.2.10, 192.0.2.10",
      "2001:db8:0:0:0:0:0:1, [2001:db8::1]",
      "0:0:0:0:0:0:0:1, [::1]",
      "fe80:0:0:0:0:0:0:0, [fe80::]",
      "1:0:0:2:0:0:0:3, [1:0:0:2::3]",
      "1:0:0:2:0:0:3:4, [1::2:0:0:3:4]",
      "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]",
      "2001:DB8:AB:0:0:0:0:0, [2001:db8:ab::]"})
  void urlHostIsTheShortestForm(String address, String expected) throws UnknownHostException {
    assertEquals(expected, MachineAddresses.urlHost(InetAddress.getByName(address)));
  }

  @Test
  void everyInterfaceIsReachedAtEachAddressOfItsFamily() throws UnknownHostException {
    List<InetAddress> lan =
        List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::1"));
    assertEquals(lan.subList(0, 1), MachineAddresses.reachableOn("0.0.0.0", lan));
    assertEquals(lan, MachineAddresses.reachableOn("::", lan));
    assertEquals(lan, MachineAddresses.reachableOn("[::]", lan));
    assertEquals(List.of(), MachineAddresses.reachableOn("192.0.2.10", lan));
    assertEquals(List.of(), MachineAddresses.reachableOn("localhost", lan));
    assertTrue(MachineAddresses.isWildcard("0:0:0:0:0:0:0:0"));
    assertFalse(MachineAddresses.isWildcard("127.0.0.1"));
  }
}
