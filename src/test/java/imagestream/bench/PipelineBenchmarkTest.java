package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagestream.image.FrameException;
import imagestream.image.JpegHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.RunnerException;

/** The pipeline benchmark's pieces, without running JMH: its frames and its command line. */
class PipelineBenchmarkTest {

  @TempDir
  Path dir;

  @Test
  void withoutAFolderEachPathRunsOnFramesMadeInCode() throws IOException, FrameException {
    for (String path : new String[] {"plain", "ours"}) {
      PipelineBenchmark benchmark = new PipelineBenchmark();
      benchmark.sizes = "320x240->160x120";
      benchmark.path = path;
      benchmark.frames = ""; // what the benchmark gets without --frames
      benchmark.opencvThreads = "default";
      benchmark.setUp();
      try {
        for (int i = 0; i < SyntheticFrames.COUNT; i++) {
          assertEquals(new JpegHeader(160, 120, 1), JpegHeader.parse(benchmark.frame()), path);
        }
      } finally {
        benchmark.tearDown();
      }
    }
  }

  @Test
  void withoutAFolderTheHeavierChainsRunOnFramesMadeInCode() throws IOException, FrameException {
    ProcessingBenchmark benchmark = new ProcessingBenchmark();
    benchmark.size = "320x240";
    benchmark.chain = "grayscale";
    benchmark.frames = "";
    benchmark.setUp();
    try {
      for (int i = 0; i < SyntheticFrames.COUNT; i++) {
        assertEquals(new JpegHeader(320, 240, 1), JpegHeader.parse(benchmark.frame()));
      }
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void aFolderThatIsNotThereStopsItBeforeAnyBenchmarkRuns() throws RunnerException {
    Path missing = dir.resolve("photos");
    PrintStream err = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = PipelineBenchmarkMain.run(new String[] {"--quiet", "--frames", missing.toString()});
    } finally {
      System.setErr(err);
    }
    assertEquals(2, status);
    assertEquals("No such folder: " + missing, errors.toString(StandardCharsets.UTF_8).strip());
  }
}
