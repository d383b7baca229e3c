package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/** The transcoder's filter gets JNA's direct callback with the JNA version this build uses. */
class DirectCallbackTest {

  @Test
  void jnaGivesADirectCallbackOfItsOwn() {
    assertTrue(DirectCallback.direct(), "JNA's getFunctionPointer(Callback, boolean) was not found");
    TurboJpegTranscoder.CoefficientFilter filter = address -> 0;
    Pointer direct = DirectCallback.address(filter);
    assertNotNull(direct);
    // JNA keeps direct and ordinary callbacks apart: each has its own trampoline.
    assertNotEquals(CallbackReference.getFunctionPointer(filter), direct);
  }
}
