package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import imagestream.image.Grayscale;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The processors a chain can name: the built-ins by their short names, and any public
 * {@link FrameProcessor} class on the classpath by its fully qualified name.
 */
public final class Processors {

  private static final Map<String, Supplier<FrameProcessor>> BUILT_INS = builtIns();

  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

  private Processors() {}

  private static Map<String, Supplier<FrameProcessor>> builtIns() {
    Map<String, Supplier<FrameProcessor>> m = new LinkedHashMap<>();
    m.put("none", Unchanged::new);
    m.put("grayscale", Grayscale::new);
    m.put("edges", Edges::new);
    m.put("blur", Blur::new);
    m.put("sharpen", Sharpen::new);
    m.put("threshold", Threshold::new);
    m.put("invert", Invert::new);
    m.put("cartoon", Cartoon::new);
    m.put("qrcodes", QrCodes::new);
    m.put("people", People::new);
    return m;
  }

  /** The built-in names, in the order the page lists them. */
  public static List<String> builtInNames() {
    return List.copyOf(BUILT_INS.keySet());
  }

  /** Whether {@code step} is a built-in name rather than a class name. */
  static boolean isBuiltIn(String step) {
    return BUILT_INS.containsKey(step);
  }

  /**
   * Checks that {@code step} names a processor that can be created, without creating it (so
   * without OpenCV's natives): a built-in, or a public concrete {@link FrameProcessor} class with
   * a public constructor without arguments.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static void check(String step) {
    if (!isBuiltIn(step)) {
      userClass(step);
    }
  }

  /**
   * A new instance of {@code step}, which {@link #check} accepted.
   *
   * @throws IllegalStateException if the processor's constructor fails
   */
  static FrameProcessor create(String step) {
    Supplier<FrameProcessor> builtIn = BUILT_INS.get(step);
    if (builtIn != null) {
      return builtIn.get();
    }
    try {
      return userClass(step).getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(step + " could not be created: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(step + " could not be created: " + e, e);
    }
  }

  private static Class<? extends FrameProcessor> userClass(String name) {
    if (!CLASS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("unknown processor \"" + name + "\"");
    }
    Class<?> type;
    try {
      // Not initialized: checking a name must not run the class's code.
      type = Class.forName(name, false, Processors.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("no class " + name + " on the classpath");
    }
    if (!FrameProcessor.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(name + " does not implement " + FrameProcessor.class.getName());
    }
    int modifiers = type.getModifiers();
    if (type.isInterface() || Modifier.isAbstract(modifiers) || !Modifier.isPublic(modifiers)) {
      throw new IllegalArgumentException(name + " is not a public concrete class");
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(name + " has no public constructor without arguments");
    }
    return type.asSubclass(FrameProcessor.class);
  }
}
