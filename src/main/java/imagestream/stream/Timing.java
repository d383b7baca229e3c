package imagestream.stream;

import imagestream.image.StageTimes.Stage;
import java.util.Map;

/**
 * Where one client's frames spent their time in the server over the last period (about a second):
 * the medians, and how many frames were answered and dropped in it.
 *
 * @param frames frames answered in the period
 * @param dropped frames of this client that a newer one replaced in the period
 * @param serverNanos median time from a frame's receipt to its reply being queued
 * @param stageNanos median time of each stage, for the stages at least one frame went through
 */
public record Timing(int frames, long dropped, long serverNanos, Map<Stage, Long> stageNanos) {}
