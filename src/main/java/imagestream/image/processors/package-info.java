/**
 * The built-in frame processors, and the chains of processors that {@code PROCESSING} in
 * {@code .env} and the page name. The default, {@code grayscale}, is {@link
 * imagestream.image.Grayscale}.
 */
package imagestream.image.processors;
