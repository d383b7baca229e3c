package imagestream.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Write your own processor" shows the compiled example exactly, so it cannot rot. */
class ReadmeExampleTest {

  @Test
  void readmeShowsTheExampleProcessorAsCompiled() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Write your own processor");
    assertTrue(section >= 0, "the README has a section \"Write your own processor\"");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String shown = readme.substring(start, readme.indexOf("```", start));
    String source = Files.readString(Path.of("src/main/java/imagestream/examples/Pixelate.java"));
    assertEquals(source, shown, "the README's example differs from Pixelate.java");
  }
}
