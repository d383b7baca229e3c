package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NativeLibraryCache finds the library where {@code org.openpnp:opencv} keeps it. */
class NativeLibraryCacheTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "Linux, amd64, nu/pattern/opencv/linux/x86_64/libopencv_java490.so",
    "Linux, aarch64, nu/pattern/opencv/linux/ARMv8/libopencv_java490.so",
    "Linux, arm, nu/pattern/opencv/linux/ARMv7/libopencv_java490.so",
    "Mac OS X, aarch64, nu/pattern/opencv/osx/ARMv8/libopencv_java490.dylib",
    "Mac OS X, x86_64, nu/pattern/opencv/osx/x86_64/libopencv_java490.dylib",
    "Windows 11, amd64, nu/pattern/opencv/windows/x86_64/opencv_java490.dll",
    "Windows 10, x86, nu/pattern/opencv/windows/x86_32/opencv_java490.dll",
  })
  void resourceOfEachPlatform(String os, String arch, String resource) {
    assertEquals(Optional.of(resource), NativeLibraryCache.resourceFor(os, arch));
    assertNotNull(NativeLibraryCache.class.getResource("/" + resource), "in the opencv jar");
  }

  @Test
  void unknownPlatformHasNone() {
    assertEquals(Optional.empty(), NativeLibraryCache.resourceFor("FreeBSD", "amd64"));
    assertEquals(Optional.empty(), NativeLibraryCache.resourceFor("Linux", "riscv64"));
  }
}
