/**
 * Ctrl-C (SIGINT) or SIGTERM during `vmapps stage`: the stage is aborted, its temporary archive
 * removed, and one line says what a rerun does. A second signal stops at once.
 */
import type { BlobType } from "../../core/shared/replicas";
import type { Io } from "../render/output";
import { formatBytes } from "../render/values";
import { removeLiveWorkDirs } from "./stageWorkDir";

type StopSignal = "SIGINT" | "SIGTERM";

/** 128 + the signal's number, what a shell reports for a process the signal ended. */
const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** How far a stage got when it was interrupted. */
export interface StageProgressState {
  /** "prepare": archiving or hashing, nothing stored by this run; "commit": the blob is complete. */
  phase: "prepare" | "upload" | "commit";
  /** Bytes in the blob, counting blocks an earlier run stored. */
  doneBytes: number;
  totalBytes: number;
  blobType: BlobType;
  /** A temporary archive or padded copy was written, and is now removed. */
  hadTempFile: boolean;
}

/** Thrown by `stage()` when its signal aborts it, after its temporary files are removed. */
export class StageInterruptedError extends Error {
  constructor(readonly state: StageProgressState) {
    super("the stage was interrupted");
    this.name = "StageInterruptedError";
  }
}

/**
 * What a rerun of the same command does, as one line. A block blob resumes: the service keeps
 * uncommitted blocks for 7 days, and the rerun lists them and sends only the missing ones
 * (block ids derive from the content's SHA-256, so only unchanged content matches). A page blob
 * is recreated by the rerun, so it starts over.
 * https://learn.microsoft.com/rest/api/storageservices/put-block#remarks
 */
export function interruptedLine(state: StageProgressState): string {
  const removed = state.hadTempFile ? " (its temporary archive was removed)" : "";
  if (state.phase === "commit") {
    return `interrupted after the upload completed${removed}; run the same command again to sign the SAS: nothing is sent again`;
  }
  if (state.phase === "prepare") {
    return `interrupted before the upload started${removed}; run the same command again to stage it`;
  }
  const sent = `${formatBytes(state.doneBytes)} of ${formatBytes(state.totalBytes)}`;
  if (state.blobType === "page") {
    return `interrupted with ${sent} uploaded${removed}; run the same command again to stage it: a page blob upload starts over`;
  }
  return `interrupted with ${sent} uploaded${removed}; run the same command again to resume: blocks already stored are not sent again (Azure keeps them 7 days; changed content starts over)`;
}

export interface InterruptListener {
  /** Aborts on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Exit code for the signal received (130 for SIGINT, 143 for SIGTERM). */
  exitCode(): number;
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM while a stage runs. The first aborts the stage, which removes
 * its temporary files and returns; a second means "stop now": the temporary folders are removed
 * synchronously and the process exits, the one place the CLI ends the process itself.
 */
export function listenForInterrupt(io: Io): InterruptListener {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (received) {
      removeLiveWorkDirs();
      io.err(
        "interrupted again: stopped at once, temporary archive removed; run the same command again to stage it",
      );
      process.exit(EXIT_CODES[signal]);
    }
    received = signal;
    controller.abort(new Error(`received ${signal}`));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    exitCode: () => EXIT_CODES[received ?? "SIGINT"],
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
