package imagestream.image.processors;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * Costly native objects that must not be used by two threads at once (a loaded network, a
 * face cascade), shared by every connection: a frame borrows one for its processing and gives
 * it back. So each is loaded once per worker thread that uses it at the same time, not once per
 * connection or per frame, and at most as many exist per key as threads ever used it at once.
 *
 * @param <K> what an instance is loaded from, e.g. a model file
 * @param <V> the loaded instance
 */
final class InstancePool<K, V> {

  private final Function<K, V> loader;
  private final Map<K, Deque<V>> idle = new ConcurrentHashMap<>();

  /** @param loader loads a new instance; it may throw, saying why in one line */
  InstancePool(Function<K, V> loader) {
    this.loader = loader;
  }

  /** Runs {@code use} with an instance for {@code key}, loading one if none is idle. */
  <R> R with(K key, Function<V, R> use) {
    Deque<V> free = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    V instance = free.pollFirst();
    if (instance == null) {
      instance = loader.apply(key);
    }
    try {
      return use.apply(instance);
    } finally {
      free.addFirst(instance);
    }
  }
}
