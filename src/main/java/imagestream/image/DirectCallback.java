package imagestream.image;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;

/**
 * The native address of a Java callback that JNA calls the direct way: the Java method straight
 * through JNI, without the Object array, boxing and reflection of its ordinary callbacks.
 *
 * <p>JNA gives direct callbacks only to the arguments of direct-mapped functions; a callback
 * stored in a native struct (as TurboJPEG's custom filter is) gets an ordinary one. Both kinds
 * come from {@code CallbackReference.getFunctionPointer(Callback, boolean)}, which JNA's own
 * native code looks up by that name; it is private, so it is reached by reflection, and the
 * ordinary callback is the fallback should a JNA version lack it.
 */
final class DirectCallback {

  private static final Method FUNCTION_POINTER = functionPointerMethod();

  private DirectCallback() {}

  /**
   * The address native code calls to run {@code callback}; valid while {@code callback} is
   * reachable (JNA frees it once the callback is collected).
   */
  static Pointer address(Callback callback) {
    if (FUNCTION_POINTER != null) {
      try {
        return (Pointer) FUNCTION_POINTER.invoke(null, callback, true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through to the ordinary callback
      }
    }
    return CallbackReference.getFunctionPointer(callback);
  }

  /** Whether {@link #address} gives direct callbacks with this JNA. */
  static boolean direct() {
    return FUNCTION_POINTER != null;
  }

  private static Method functionPointerMethod() {
    try {
      Method method = CallbackReference.class.getDeclaredMethod(
          "getFunctionPointer", Callback.class, boolean.class);
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
