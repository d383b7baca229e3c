package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The processors a chain can name: the built-ins by their short names, each with its declared
 * {@link Parameter}s, and any public {@link FrameProcessor} class on the classpath by its fully
 * qualified name.
 */
public final class Processors {

  /** How a built-in is made from its checked values and this machine's resources. */
  @FunctionalInterface
  interface Factory {
    FrameProcessor create(Arguments arguments, Resources resources);
  }

  /** A built-in: its name, its parameters in positional order, and its factory. */
  private record BuiltIn(String name, List<Parameter> parameters, Factory factory) {}

  private static final Map<String, BuiltIn> BUILT_INS = builtIns();

  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

  private Processors() {}

  private static Map<String, BuiltIn> builtIns() {
    Map<String, BuiltIn> m = new LinkedHashMap<>();
    add(m, "none", (a, r) -> new Unchanged()); // the resized camera picture, in colour
    add(m, "grayscale", (a, r) -> new Grayscale());
    add(m, "edges", (a, r) -> new Edges(a), Edges.LOW, Edges.HIGH);
    add(m, "blur", (a, r) -> new Blur(a), Blur.SIGMA);
    add(m, "sharpen", (a, r) -> new Sharpen(a), Sharpen.AMOUNT);
    add(m, "threshold", (a, r) -> new Threshold(a), Threshold.LEVEL);
    add(m, "invert", (a, r) -> new Invert());
    add(m, "cartoon", (a, r) -> new Cartoon());
    add(m, "qrcodes", (a, r) -> new QrCodes());
    add(m, "people", (a, r) -> new People());
    add(m, "faces", (a, r) -> new Faces(a, r.faceCascade().orElseThrow()),
        Faces.MIN, Faces.NEIGHBOURS, Faces.SCALE);
    add(m, "detect", (a, r) -> new Detect(a),
        Detect.MODEL, Detect.LABELS, Detect.CONF, Detect.NMS, Detect.SIZE);
    add(m, "classify", (a, r) -> new Classify(a),
        Classify.MODEL, Classify.LABELS, Classify.SIZE, Classify.MEAN, Classify.STD);
    add(m, "onnx", (a, r) -> new ImageModel(a), ImageModel.MODEL, ImageModel.RANGE);
    return m;
  }

  private static void add(Map<String, BuiltIn> m, String name, Factory factory, Parameter... parameters) {
    m.put(name, new BuiltIn(name, List.of(parameters), factory));
  }

  /** The built-in names, in the order the page lists them. */
  public static List<String> builtInNames() {
    return List.copyOf(BUILT_INS.keySet());
  }

  /** The parameters of built-in {@code name}, in the order positional values fill them. */
  public static List<Parameter> parameters(String name) {
    BuiltIn builtIn = BUILT_INS.get(name);
    if (builtIn == null) {
      throw new IllegalArgumentException("no built-in processor \"" + name + "\"");
    }
    return builtIn.parameters();
  }

  /**
   * Whether built-in {@code name} can run here: {@code faces} only where the face cascade was
   * found.
   */
  public static boolean isAvailable(String name, Resources resources) {
    return BUILT_INS.containsKey(name) && (!name.equals("faces") || resources.faceCascade().isPresent());
  }

  /** Whether {@code step} is a built-in name rather than a class name. */
  public static boolean isBuiltIn(String step) {
    return BUILT_INS.containsKey(step);
  }

  /**
   * Checks one step as written, without creating it (so without OpenCV's natives): a built-in
   * (any case) with values its parameters allow, or a public concrete {@link FrameProcessor}
   * class with a public constructor taking {@link Arguments}, or none if no values are given.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static Step check(ChainSyntax.Written written, Resources resources) {
    String lower = written.name().toLowerCase(Locale.ROOT);
    BuiltIn builtIn = BUILT_INS.get(lower);
    if (builtIn == null) {
      return new Step(written.name(), userValues(written));
    }
    if (!isAvailable(lower, resources)) {
      throw new IllegalArgumentException(FaceCascade.HOW_TO_INSTALL);
    }
    return new Step(lower, builtInValues(builtIn, written));
  }

  /**
   * A new instance of {@code step}, which {@link #check} accepted.
   *
   * @throws IllegalStateException if the processor cannot be created (its constructor or its
   *     class's static initializer fails), saying why
   */
  static FrameProcessor create(Step step, Resources resources) {
    BuiltIn builtIn = BUILT_INS.get(step.name());
    if (builtIn != null) {
      try {
        return builtIn.factory().create(Arguments.of(step.name(), step.arguments()), resources);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return createUserClass(step);
  }

  private static Map<String, String> builtInValues(BuiltIn builtIn, ChainSyntax.Written written) {
    List<Parameter> declared = builtIn.parameters();
    Map<String, String> values = new LinkedHashMap<>();
    boolean named = false;
    for (int i = 0; i < written.values().size(); i++) {
      ChainSyntax.Value value = written.values().get(i);
      Parameter parameter;
      if (value.name() == null) {
        if (named) {
          throw new IllegalArgumentException(builtIn.name() + ": a value without a name after a"
              + " named one (\"" + value.text() + "\")");
        }
        if (i >= declared.size()) {
          throw new IllegalArgumentException(builtIn.name() + " takes " + describe(declared)
              + ", not " + written.values().size() + " values");
        }
        parameter = declared.get(i);
      } else {
        named = true;
        parameter = declared.stream().filter(p -> p.name().equalsIgnoreCase(value.name()))
            .findFirst().orElseThrow(() -> new IllegalArgumentException(builtIn.name()
                + " has no parameter \"" + value.name() + "\" (it takes " + describe(declared) + ")"));
      }
      if (values.containsKey(parameter.name())) {
        throw new IllegalArgumentException(builtIn.name() + ": " + parameter.name() + " is given twice");
      }
      try {
        values.put(parameter.name(), parameter.check(value.text()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(builtIn.name() + ": " + e.getMessage());
      }
    }
    for (Parameter parameter : declared) {
      if (parameter.required() && !values.containsKey(parameter.name())) {
        throw new IllegalArgumentException(builtIn.name() + " needs " + parameter.name()
            + "=... (" + parameter.help() + ")");
      }
    }
    // In the declared order, so equal settings print (and compare) alike however written.
    Map<String, String> ordered = new LinkedHashMap<>();
    declared.stream().filter(p -> values.containsKey(p.name()))
        .forEach(p -> ordered.put(p.name(), values.get(p.name())));
    return ordered;
  }

  private static String describe(List<Parameter> parameters) {
    if (parameters.isEmpty()) {
      return "no parameters";
    }
    return parameters.stream().map(Parameter::name).reduce((a, b) -> a + ", " + b).orElseThrow();
  }

  private static Map<String, String> userValues(ChainSyntax.Written written) {
    Class<? extends FrameProcessor> type = userClass(written.name(), !written.values().isEmpty());
    Map<String, String> values = new LinkedHashMap<>();
    for (ChainSyntax.Value value : written.values()) {
      if (value.name() == null) {
        throw new IllegalArgumentException("name the values given to a class, e.g. "
            + type.getSimpleName() + "(size=16), not \"" + value.text() + "\"");
      }
      if (values.put(value.name(), value.text()) != null) {
        throw new IllegalArgumentException(written.name() + ": " + value.name() + " is given twice");
      }
    }
    return values;
  }

  private static FrameProcessor createUserClass(Step step) {
    Class<? extends FrameProcessor> type = userClass(step.name(), !step.arguments().isEmpty());
    Arguments arguments = Arguments.of(step.name(), step.arguments());
    FrameProcessor created;
    try {
      Constructor<? extends FrameProcessor> taking = argumentsConstructor(type);
      created = taking != null ? taking.newInstance(arguments) : type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(step + " could not be created: " + e.getCause(), e.getCause());
    } catch (ExceptionInInitializerError e) {
      throw new IllegalStateException(
          step + " could not be created: its static initializer threw " + e.getCause(), e);
    } catch (ReflectiveOperationException | LinkageError e) {
      // LinkageError: e.g. NoClassDefFoundError, a class it needs is missing, or its static
      // initializer threw before (it is not run again).
      throw new IllegalStateException(step + " could not be created: " + e, e);
    }
    if (!arguments.unasked().isEmpty()) {
      throw new IllegalStateException(step.name() + " has no parameter "
          + String.join(", ", arguments.unasked()) + " (it reads "
          + (arguments.asked().isEmpty() ? "none" : String.join(", ", arguments.asked())) + ")");
    }
    return created;
  }

  private static Constructor<? extends FrameProcessor> argumentsConstructor(
      Class<? extends FrameProcessor> type) {
    try {
      return type.getConstructor(Arguments.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Class<? extends FrameProcessor> userClass(String name, boolean withValues) {
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
    Class<? extends FrameProcessor> processor = type.asSubclass(FrameProcessor.class);
    if (argumentsConstructor(processor) != null) {
      return processor;
    }
    if (withValues) {
      throw new IllegalArgumentException(name + " takes no values: it has no public constructor"
          + " taking " + Arguments.class.getName());
    }
    try {
      processor.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(name + " has no public constructor without arguments"
          + " or taking " + Arguments.class.getName());
    }
    return processor;
  }
}
