package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LoadOptions: defaults, every option read, and one clear line for a bad one. */
class LoadOptionsTest {

  @Test
  void defaultsLoadLoopbackWithOneConnection() {
    LoadOptions o = LoadOptions.parse(new String[0]);
    assertEquals(URI.create("ws://127.0.0.1:6969"), o.url());
    assertEquals(1, o.connections());
    assertEquals(1, o.inFlight());
    assertNull(o.frames(), "no folder: frames made in code");
    assertEquals(640, o.width());
    assertEquals(480, o.height());
    assertEquals(0, o.floodConnections());
    assertEquals(List.of(), o.serverPids());
    assertEquals(0, o.proxyPid());
    assertFalse(o.reconnect());
  }

  @Test
  void everyOptionIsRead() {
    LoadOptions o = LoadOptions.parse(new String[] {
        "--url", "ws://127.0.0.1:7000", "--connections", "8", "--in-flight", "2",
        "--frames", "/tmp/f", "--size", "1280x720", "--warmup", "1.5", "--seconds", "60",
        "--flood", "4", "--flood-fps", "250", "--pid", "1234,1235", "--row", "label",
        "--processing", "faces(min=60)", "--reconnect", "--proxy-pid", "99",
        "--metrics", "http://127.0.0.1:9100/metrics,http://127.0.0.1:9101/metrics"});
    assertEquals(new LoadOptions(URI.create("ws://127.0.0.1:7000"), 8, 2, Path.of("/tmp/f"), 1280,
        720, 1.5, 60, 4, 250, List.of(1234L, 1235L), "label", "faces(min=60)", 99, true,
        List.of(URI.create("http://127.0.0.1:9100/metrics"), URI.create("http://127.0.0.1:9101/metrics"))), o);
    assertEquals(URI.create("ws://127.0.0.1:8000/ws"),
        LoadOptions.parse(new String[] {"--url", "ws://127.0.0.1:8000/ws"}).url(), "a path too");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = ';', value = {
    "--connections; many; --connections must be a whole number from 0 to 10000, not many",
    "--in-flight; 0; --in-flight must be a whole number from 1 to 1000, not 0",
    "--size; 640; --size must look like 640x480, not 640",
    "--url; http://127.0.0.1:6969; --url must look like ws://127.0.0.1:6969, not http://127.0.0.1:6969",
    "--seconds; 0; --seconds must be more than 0",
    "--colour; red; Unknown option --colour (see --help)",
    "--pid; 12,x; --pid must be a whole number from 1 to 2147483647, not x",
    "--metrics; 127.0.0.1:9100; --metrics must look like http://127.0.0.1:9100/metrics, not 127.0.0.1:9100",
  })
  void badOptionIsOneClearLine(String option, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse(new String[] {option, value}));
    assertEquals(message, e.getMessage());
  }

  @Test
  void optionWithoutValueIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse(new String[] {"--seconds"}));
    assertEquals("Option --seconds needs a value", e.getMessage());
  }
}
