package imagestream.stream;

/**
 * A frame as it waits for a worker: its bytes and when it arrived, so its time in the server is
 * measured from its receipt.
 *
 * @param bytes the JPEG as received
 * @param receivedNanos {@link System#nanoTime()} when it arrived
 */
record ReceivedFrame(byte[] bytes, long receivedNanos) {}
