package imagestream.image;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JPEG codec a test runs with, as a JUnit extension: opened before each test (skipped outside
 * CI, failed in CI, when it cannot load: see {@link TestCodecs}), closed after it. It is itself
 * that codec, so a test hands it to a pipeline as it is:
 *
 * <pre>{@code
 * @ParameterizedClass(name = "{0}")
 * @FieldSource("imagestream.image.TestCodecs#NAMES")
 * class SomeTest {
 *   @Parameter String codecName;
 *   @RegisterExtension final CodecUnderTest<JpegCodec> codec = CodecUnderTest.named(() -> codecName);
 * }
 * }</pre>
 *
 * @param <C> the kind of codec, for tests of one codec's own methods
 */
public final class CodecUnderTest<C extends JpegCodec> extends ForwardingCodec
    implements BeforeEachCallback, AfterEachCallback {

  private final Supplier<C> opener;
  private C codec;

  /** The codec {@code opener} makes before each test. */
  public CodecUnderTest(Supplier<C> opener) {
    this.opener = opener;
  }

  /** The codec of {@code name} (see {@link TestCodecs#NAMES}), read when each test starts. */
  public static CodecUnderTest<JpegCodec> named(Supplier<String> name) {
    return new CodecUnderTest<>(() -> TestCodecs.open(name.get()));
  }

  /** The codec itself, for methods of its own. */
  public C get() {
    return codec;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    codec = opener.get();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (codec != null) { // null when skipped
      codec.close();
      codec = null;
    }
  }

  @Override
  protected JpegCodec delegate() {
    return codec;
  }

  @Override
  public String toString() {
    return String.valueOf(codec);
  }
}
