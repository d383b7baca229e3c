package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.TestFaces;
import imagestream.image.TestFrames;
import imagestream.image.TestModels;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * The real frame server: what a chain finds follows each reply as a {@code detections} message
 * to clients that said hello, in the reply's pixels, and never reaches a client that did not;
 * a page tunes the built-ins' parameters and gets {@code bad_processing} for a bad value.
 */
@Timeout(30)
class DetectionsIT {

  private FrameServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    clients.forEach(TestClient::close);
    if (server != null) {
      server.shutdown(1000);
    }
  }

  @Test
  void facesFollowTheReplyToAPageThatSaidHelloAndGoWhenNothingIsFound() throws Exception {
    TestFaces.requireCascade();
    start("grayscale", "320", "240");
    byte[] portrait = Files.readAllBytes(TestFaces.portrait(320, 240));
    TestClient page = page();
    page.nextJson(); // config
    page.send("{\"type\":\"processing\",\"chain\":\"faces\"}");
    assertEquals("faces", page.nextJson().get("processing"));

    page.send(portrait);
    Mat reply = TestFrames.decodeUnchanged(page.nextFrame());
    assertEquals(320, reply.cols());
    Map<String, Object> found = page.nextJson();
    assertEquals("detections", found.get("type"));
    List<?> items = (List<?>) found.get("items");
    assertEquals(1, items.size(), found.toString());
    Map<?, ?> face = (Map<?, ?>) items.get(0);
    assertEquals("face", face.get("label"));
    assertFalse(face.containsKey("score"), "the cascade gives no score");
    assertBox(List.of(110, 40, 61, 61), (List<?>) face.get("box"), 2); // as ATTRIBUTION says

    page.send("{\"type\":\"processing\",\"chain\":\"faces(min=100)\"}");
    assertEquals("faces(min=100)", page.nextJson().get("processing"));
    page.send(portrait);
    page.nextFrame();
    assertEquals(Map.of("type", "detections", "items", List.of()), page.nextJson(),
        "once, to say the face is gone");
    page.send(portrait);
    page.nextFrame();
    page.send(portrait);
    assertInstanceOf(byte[].class, page.next(), "and then nothing more while nothing is found");
  }

  @Test
  void aModelsBoxesCarryTheirLabelAndScoreAndAClientWithoutHelloGetsFramesOnly() throws Exception {
    String model = TestModels.file("yolo8.onnx").toString();
    String labels = TestModels.file("two.labels").toString();
    start("detect(model=" + model + ", labels=" + labels + ")", "640", "480");
    byte[] frame = TestFrames.sceneJpeg(640, 480, 120);

    TestClient original = connect(); // the original template's page: binary only
    original.send(frame);
    original.nextFrame();
    original.send(frame);
    assertInstanceOf(byte[].class, original.next(), "no text between two replies");

    TestClient page = page();
    page.nextJson(); // config
    page.send(frame);
    page.nextFrame();
    assertEquals(Map.of("type", "detections", "items", List.of(
            Map.of("label", "dog", "score", 0.9, "box", List.of(240, 140, 160, 120)))),
        page.nextJson(), "box 5 of the test model, in the reply's 640x480 pixels");

    page.send("{\"type\":\"processing\",\"chain\":\"detect(model=" + model + ", conf=0.15)\"}");
    page.nextJson();
    page.send(frame);
    page.nextFrame();
    List<?> items = (List<?>) page.nextJson().get("items");
    assertEquals(List.of("class 1", "class 0"), items.stream().map(i -> ((Map<?, ?>) i).get("label")).toList(),
        "a lower conf keeps box 9 too; without the labels the classes are numbered");
  }

  @Test
  void aPageTunesParametersFromTheMenuAndABadValueIsRefused() throws Exception {
    start("grayscale", "64", "48");
    TestClient page = page();
    Map<String, Object> config = page.nextJson();
    Map<?, ?> parameters = (Map<?, ?>) config.get("parameters");
    assertEquals(List.of(Map.of("name", "level", "type", "integer", "min", 0.0, "max", 255.0,
            "required", false, "help", "brighter than this is white; not given: picked per frame by"
                + " Otsu's method")),
        ((List<?>) parameters.get("threshold")).stream().map(p -> withoutNull((Map<?, ?>) p)).toList());
    assertTrue(((List<?>) config.get("processors")).contains("threshold"));

    page.send("{\"type\":\"processing\",\"chain\":\"threshold(level=250)\"}");
    assertEquals("threshold(level=250)", page.nextJson().get("processing"));
    page.send(TestFrames.sceneJpeg(320, 240, 120));
    Mat black = TestFrames.decodeUnchanged(page.nextFrame());
    assertTrue(Core.mean(black).val[0] < 5, "nothing is brighter than 250");

    page.send("{\"type\":\"processing\",\"chain\":\"threshold(abc)\"}");
    Map<String, Object> error = page.nextJson();
    assertEquals("bad_processing", error.get("code"));
    assertEquals("Cannot use that processing: threshold: level must be a whole number from 0 to"
        + " 255, not \"abc\"", error.get("message"));
    page.send(TestFrames.sceneJpeg(320, 240, 120));
    assertTrue(Core.mean(TestFrames.decodeUnchanged(page.nextFrame())).val[0] < 5,
        "the page's chain stays as it was");
  }

  @Test
  void aModelWhoseOutputDoesNotFitStopsTheServerAtStartWithOneLine() {
    String model = TestModels.file("rgbmeans.onnx").toString();
    SettingsException e = assertThrows(SettingsException.class,
        () -> start("detect(model=" + model + ")", "64", "48"));
    assertEquals("PROCESSING", e.key());
    assertEquals("Invalid setting PROCESSING=\"detect(model=" + model + ")\": expected processors"
        + " that can be created (detect: rgbmeans.onnx: its output has the shape [1, 3], which is not"
        + " a YOLO detection output: expected [1, 4 + classes, boxes] (YOLOv8, YOLO11) or"
        + " [1, boxes, 5 + classes] (YOLOv5), with more boxes than classes)", e.getMessage());
  }

  private static Map<Object, Object> withoutNull(Map<?, ?> m) {
    Map<Object, Object> copy = new LinkedHashMap<>(m);
    copy.values().removeIf(Objects::isNull);
    return copy;
  }

  private static void assertBox(List<Integer> expected, List<?> box, int tolerance) {
    for (int i = 0; i < 4; i++) {
      int value = ((Number) box.get(i)).intValue();
      assertTrue(Math.abs(value - expected.get(i)) <= tolerance, "box " + box + ", expected about " + expected);
    }
  }

  private void start(String processing, String width, String height) {
    server = FrameServerMain.start(Settings.fromMap(Map.of("HOST", "127.0.0.1", "WS_PORT", "0",
        "SERVER_WIDTH", width, "SERVER_HEIGHT", height, "PROCESSING", processing)));
  }

  private TestClient connect() throws InterruptedException {
    TestClient client = TestClient.connect(server.getPort());
    clients.add(client);
    return client;
  }

  /** A client that says hello, as the page does (its config message comes next). */
  private TestClient page() throws Exception {
    TestClient client = connect();
    client.send("{\"type\":\"hello\"}");
    return client;
  }
}
