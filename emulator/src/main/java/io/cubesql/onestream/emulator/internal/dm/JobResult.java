package io.cubesql.onestream.emulator.internal.dm;

import java.util.List;

/**
 * How a data management job ended.
 *
 * @param succeeded whether every step ran and committed
 * @param message the OneStream {@code Message}: on success {@code Data Management Sequence [name]
 *     was completed} [DOC] (or {@code Data Management Step [name] was completed}); on failure a
 *     one-sentence description, never a stack trace
 * @param steps one row per step that ran (committed), in order
 */
public record JobResult(boolean succeeded, String message, List<StepRun> steps) {
  public JobResult {
    steps = List.copyOf(steps);
  }

  /**
   * One step that ran.
   *
   * @param stepName the step's name
   * @param calcType the step's CalcType (Consolidate, Translate, Consolidated)
   * @param cellsWritten cells inserted
   * @param cellsDeleted cells deleted before writing (or cleared)
   * @param millis how long the step's calculation took
   */
  public record StepRun(
      String stepName, String calcType, long cellsWritten, long cellsDeleted, long millis) {}
}
