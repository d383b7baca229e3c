package imagestream.config.tls;

import java.nio.channels.ByteChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import tlschannel.ServerTlsChannel;

/**
 * What both servers need to speak TLS: a context serving the key manager's certificate, and
 * the parameters every connection gets: TLS 1.3 and 1.2 only, the JDK's default cipher suites,
 * no client certificate asked for.
 */
public final class ServerTls {

  /** The protocol versions a server accepts, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLContext context;

  private ServerTls(SSLContext context) {
    this.context = context;
  }

  /** TLS for a server presenting what {@code keys} holds (renewals included). */
  public static ServerTls of(ReloadingKeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, new SecureRandom());
      return new ServerTls(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK offers no TLS: " + e, e);
    }
  }

  /** The context to make server sockets and engines from. */
  public SSLContext context() {
    return context;
  }

  /**
   * TLS over a client's socket (or any byte channel), without blocking if it does not block
   * (tls-channel's {@code ServerTlsChannel}: a {@code ByteChannel} over an {@code SSLEngine} with
   * these parameters); the handshake runs within the first reads and writes, its tasks included.
   */
  public ServerTlsChannel over(ByteChannel socket) {
    return ServerTlsChannel.newBuilder(socket, context)
        .withEngineFactory(context -> {
          SSLEngine engine = context.createSSLEngine();
          engine.setUseClientMode(false);
          engine.setSSLParameters(parameters());
          return engine;
        })
        // Buffers kept for the connection's life (about 50 KB): released and allocated anew
        // for each read and write, they were a good part of the garbage TLS adds per frame.
        .withReleaseBuffers(false)
        .build();
  }

  /**
   * The parameters each server connection must get (each engine {@link #over} makes, or the
   * JDK's {@code HttpsConfigurator}): a fresh copy per call.
   */
  public SSLParameters parameters() {
    SSLParameters parameters = context.getDefaultSSLParameters();
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    parameters.setProtocols(
        PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
    parameters.setNeedClientAuth(false);
    parameters.setWantClientAuth(false);
    return parameters;
  }
}
