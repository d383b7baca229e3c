package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

  /** This JVM has compiled code by now, on threads the kernel names after HotSpot's. */
  @Test
  void countsTheJitCompilerThreadsOfAJvm() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
    ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
    Duration compiler = self.compilerCpuTime().orElseThrow();
    Duration total = self.cpuTime().orElseThrow();
    assertTrue(!compiler.isZero() && !compiler.isNegative(), "the JIT has compiled something: " + compiler);
    assertTrue(compiler.compareTo(total.plusMillis(20)) <= 0, compiler + " of " + total);
  }

  @Test
  void aProcessThatIsGoneHasNoFigure() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    assertEquals(Optional.empty(), new ServerProcess(gone.pid()).compilerCpuTime());
  }
}
