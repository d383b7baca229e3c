/**
 * The built-in frame processors, and the chains of processors that {@code PROCESSING} in
 * {@code .env} and the page name. The default is {@code grayscale} ({@link Grayscale}).
 */
package imagestream.image.processors;
