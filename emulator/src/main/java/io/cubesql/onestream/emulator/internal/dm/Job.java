package io.cubesql.onestream.emulator.internal.dm;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a data management sequence or step, started by {@link DataManagement}: its identity,
 * its times and status, and a future completed with its {@link JobResult} when it ends (normally,
 * also when it fails).
 */
public final class Job {
  /** What a job runs. */
  public enum Kind {
    SEQUENCE("Sequence"),
    STEP("Step");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The word OneStream's messages use: {@code Data Management Sequence [X] ...}. */
    public String label() {
      return label;
    }
  }

  /** Where a job is. */
  public enum Status {
    RUNNING("Running"),
    COMPLETED("Completed"),
    FAILED("Failed");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final String id;
  private final String name;
  private final Kind kind;
  private final Instant startedAt;
  private final CompletableFuture<JobResult> completion = new CompletableFuture<>();
  private volatile Instant endedAt;
  private volatile Status status = Status.RUNNING;

  Job(String id, String name, Kind kind, Instant startedAt) {
    this.id = Objects.requireNonNull(id);
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.startedAt = Objects.requireNonNull(startedAt);
  }

  /** An opaque identifier, unique within the emulator's life. */
  public String id() {
    return id;
  }

  /** The sequence's or step's name as stored (its own case, not the caller's). */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** When the job was accepted. */
  public Instant startedAt() {
    return startedAt;
  }

  /** When the job ended; null while it runs. */
  public Instant endedAt() {
    return endedAt;
  }

  public Status status() {
    return status;
  }

  /** Completed normally when the job ends, whether it succeeded or not; never exceptionally. */
  public CompletableFuture<JobResult> completion() {
    return completion;
  }

  /** Ends the job; only the first call counts (a shutdown and the job itself may race). */
  synchronized void finish(Instant at, JobResult result) {
    if (completion.isDone()) {
      return;
    }
    endedAt = at;
    status = result.succeeded() ? Status.COMPLETED : Status.FAILED;
    completion.complete(result);
  }

  @Override
  public String toString() {
    return "Data Management "
        + kind.label()
        + " ["
        + name
        + "] "
        + status.label()
        + " ("
        + id
        + ")";
  }
}
