package imagestream.config;

import static imagestream.config.Setting.Applies.LIVE;
import static imagestream.config.Setting.Applies.RESTART;
import static imagestream.config.SettingType.bool;
import static imagestream.config.SettingType.chain;
import static imagestream.config.SettingType.host;
import static imagestream.config.SettingType.oneOf;
import static imagestream.config.SettingType.optional;
import static imagestream.config.SettingType.origin;
import static imagestream.config.SettingType.origins;
import static imagestream.config.SettingType.pixels;
import static imagestream.config.SettingType.proxies;
import static imagestream.config.SettingType.quality;
import static imagestream.config.SettingType.resources;
import static imagestream.config.SettingType.secretText;
import static imagestream.config.SettingType.tls;
import static imagestream.config.SettingType.tlsFile;
import static imagestream.config.SettingType.urlPath;
import static imagestream.config.SettingType.wholeNumber;

import imagestream.image.JpegCodecs;
import java.util.Arrays;
import java.util.List;

/**
 * Every key of {@code .env}, in the order of the shipped file: how its value is read and checked,
 * its default, whether an edit applies while the servers run, what the page gets of it, and one
 * line of help. Parsing, the messages refusing a value, the defaults, the restart notice, the
 * page's placeholders and its {@code config} message all follow this table; a test keeps
 * {@code .env}'s comments and the README's configuration table equal to it.
 *
 * <p>A new key is one row here, plus the code that uses it ({@code settings.integer(KEY)}, ...).
 */
public enum Setting {

  CLIENT_WIDTH(wholeNumber(1, Setting.MAX_SIDE), "40", LIVE, Page.both("clientWidth"),
      "Width of the frames the page captures and sends"),
  CLIENT_HEIGHT(wholeNumber(1, Setting.MAX_SIDE), "30", LIVE, Page.both("clientHeight"),
      "Height of the frames the page sends"),
  CLIENT_JPG_COMPRESSION(quality(), "0.6", LIVE, Page.both("clientJpgCompression"),
      "JPEG quality of the frames the page sends"),
  SERVER_WIDTH(wholeNumber(1, Setting.MAX_SIDE), "40", LIVE, Page.config("serverWidth"),
      "Width of the processed frames the server sends back"),
  SERVER_HEIGHT(wholeNumber(1, Setting.MAX_SIDE), "30", LIVE, Page.config("serverHeight"),
      "Height of the processed frames"),
  SERVER_JPG_COMPRESSION(quality(), "0.6", LIVE, Page.NONE,
      "JPEG quality of the processed frames (x100 for the codec)"),
  HOST(host(), "localhost", RESTART, Page.NONE,
      "Where both servers listen (and the address printed); 0.0.0.0: every interface, and the"
          + " page's address on each is printed, with a QR code for a phone"),
  WS_PORT(wholeNumber(0, 65535), "6969", RESTART, Page.PLACEHOLDER,
      "WebSocket server port (0: any free port); the page is told it"),
  HTTP_PORT(wholeNumber(0, 65535), "8080", RESTART, Page.NONE, "Page server port"),
  METRICS_PORT(optional(wholeNumber(0, 65535)), "", RESTART, Page.NONE,
      "Frame server's Prometheus metrics, /healthz and /readyz on this port; blank: off"),
  METRICS_HOST(host(), "127.0.0.1", RESTART, Page.NONE,
      "Where the metrics listen: keep it off the public network"),
  TLS(tls(), "off", RESTART, Page.NONE,
      "off: plain http and ws. self-signed: https and wss with a certificate made for this machine"
          + " and kept in your cache folder (browsers ask you to accept it once). files: with your"
          + " certificate, TLS_CERT and TLS_KEY or TLS_KEYSTORE"),
  TLS_CERT(tlsFile(), "", RESTART, Page.NONE,
      "With TLS=files: the certificate chain as PEM, the server's own first (certbot's"
          + " fullchain.pem); a renewed file is used for new connections without a restart"),
  TLS_KEY(tlsFile(), "", RESTART, Page.NONE,
      "With TLS=files: the certificate's private key as PEM (PKCS#8, PKCS#1 RSA or SEC1 EC),"
          + " without a password"),
  TLS_KEYSTORE(tlsFile(), "", RESTART, Page.NONE,
      "With TLS=files, instead of TLS_CERT and TLS_KEY: a PKCS#12 keystore (.p12, .pfx) with the"
          + " key and its certificate chain"),
  TLS_KEYSTORE_PASSWORD(secretText(), "", RESTART, Page.NONE,
      "The keystore's password (its key's too). A secret: never logged nor sent to the page;"
          + " better set as an environment variable than written here"),
  WS_PATH(urlPath(), "", LIVE, Page.PLACEHOLDER,
      "Behind a reverse proxy: the page connects to this path on its own origin (wss://its-host/ws),"
          + " which the proxy forwards to the frame servers; blank: to HOST:WS_PORT"),
  PUBLIC_URL(origin(), "", RESTART, Page.NONE,
      "The address people open when it is not the page server's own (a proxy's, e.g."
          + " https://cam.example.org): allowed as an origin, and named in the page server's log"),
  PROCESSING(chain(), "grayscale", LIVE, Page.config("defaultProcessing"),
      "What the server does to every frame, left to right: built-ins with their values, your own"
          + " model and class names of your own processors. A page may choose another chain for"
          + " itself"),
  FACE_CASCADE(resources(), "", LIVE, Page.NONE,
      "OpenCV's haarcascade_frontalface_default.xml for faces; blank: where Debian's and Ubuntu's"
          + " opencv-data, Homebrew or the Windows release put it"),
  JPEG_CODEC(oneOf(JpegCodecs.CHOICES), JpegCodecs.AUTO, RESTART, Page.NONE,
      "JPEG codec: auto takes the system's libjpeg-turbo when it loads, else OpenCV's"),
  // The limits' defaults: 8K UHD (above 4K video), 2 MiB a frame (a 4K webcam JPEG at quality
  // 0.9 is about 1 MiB), 50 clients, 8 connections per address (a few tabs and a tool on one
  // machine, not a sixth of the places), no proxy trusted. 50 clients each holding two 2 MiB
  // frames (one arriving, one waiting) fit the start script's 256 MB heap.
  MAX_FRAME_PIXELS(pixels(1, Limits.MAX_PIXELS_LIMIT), Long.toString(7680L * 4320), LIVE, Page.NONE,
      "Frames whose JPEG header declares more pixels are refused before decoding (default 7680x4320,"
          + " 8K UHD); at least CLIENT_WIDTH x CLIENT_HEIGHT"),
  MAX_FRAME_BYTES(wholeNumber(Limits.MIN_BYTES_LIMIT, Limits.MAX_BYTES_LIMIT),
      Integer.toString(2 * 1024 * 1024), RESTART, Page.NONE,
      "A larger WebSocket message closes its connection with 1009 (default 2 MiB)"),
  MAX_CONNECTIONS(wholeNumber(1, Limits.MAX_CONNECTIONS_LIMIT), "50", RESTART, Page.NONE,
      "WebSocket clients at once; further handshakes are refused"),
  MAX_CONNECTIONS_PER_ADDRESS(wholeNumber(1, Limits.MAX_CONNECTIONS_LIMIT), "8", RESTART, Page.NONE,
      "Connections one client address may hold at once in each server, counting those still"
          + " sending their handshake or request; more are closed on arrival. Behind a reverse"
          + " proxy listed in TRUSTED_PROXIES, the address is the client's that the proxy names"),
  ALLOWED_ORIGINS(origins(), "", RESTART, Page.NONE,
      "Web pages allowed to connect, as scheme://host[:port]; blank means the page server's own:"
          + " http://HOST:HTTP_PORT (https:// with TLS), and when HOST is a loopback name or address"
          + " or 0.0.0.0, the same port on localhost, 127.0.0.1, [::1] (on 0.0.0.0, also each address"
          + " printed for other devices); and PUBLIC_URL (with those names too when it names one of"
          + " them)"),
  ALLOW_NO_ORIGIN(bool(), "true", RESTART, Page.NONE,
      "Whether clients that send no Origin header (scripts, tools; never browsers) may connect"),
  TRUSTED_PROXIES(proxies(), "", RESTART, Page.NONE,
      "Reverse proxies whose X-Forwarded-For (or X-Real-IP) names the client: connections from"
          + " them count against that client's address, and the logs name it. Anyone can send"
          + " those headers: list only your proxies; blank: none");

  /** Largest frame side accepted; far above any webcam, small enough to keep a frame in memory. */
  public static final int MAX_SIDE = 8192;

  /** When an edit of a key takes effect. */
  public enum Applies {
    /** At once, while the servers run. */
    LIVE,
    /** At the next start: the servers say so and keep the value they started with. */
    RESTART
  }

  /**
   * What the page gets of a key.
   *
   * @param placeholder whether {@code client.html} may use it as {@code ##KEY##}
   * @param configField its field in the {@code config} message, or null if it is not sent there
   */
  public record Page(boolean placeholder, String configField) {
    /** Nothing: the page never sees the key. */
    static final Page NONE = new Page(false, null);

    /** Only as a placeholder, filled when the page is served. */
    static final Page PLACEHOLDER = new Page(true, null);

    /** Only in the {@code config} message, as {@code field}. */
    static Page config(String field) {
      return new Page(false, field);
    }

    /** As a placeholder and in the {@code config} message, as {@code field}. */
    static Page both(String field) {
      return new Page(true, field);
    }
  }

  private final SettingType type;
  private final String defaultValue;
  private final Applies applies;
  private final Page page;
  private final String help;

  Setting(SettingType type, String defaultValue, Applies applies, Page page, String help) {
    this.type = type;
    this.defaultValue = defaultValue;
    this.applies = applies;
    this.page = page;
    this.help = help;
  }

  /** How its value is read and checked. */
  public SettingType type() {
    return type;
  }

  /** Its value when {@code .env} and the environment leave it out or blank, as text. */
  public String defaultValue() {
    return defaultValue;
  }

  /** When an edit of it takes effect. */
  public Applies applies() {
    return applies;
  }

  /** What the page gets of it. */
  public Page page() {
    return page;
  }

  /** One line saying what it does, as {@code .env}'s comment and the README's table say it. */
  public String help() {
    return help;
  }

  /** The keys, in table order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Setting::name).toList();
  }

  /** Whether its value is a secret: logs show it hidden, and the page never gets it. */
  public boolean secret() {
    return type == SettingType.secretText();
  }

  /** The keys whose edits need a restart, in table order. */
  public static List<Setting> restartKeys() {
    return Arrays.stream(values()).filter(s -> s.applies == RESTART).toList();
  }
}
