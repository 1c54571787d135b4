import type { Io } from "./output";
import { formatBytes } from "./values";

export interface ProgressReporter {
  update(doneBytes: number, totalBytes: number): void;
  finish(): void;
}

const BAR_WIDTH = 30;
/** Without a terminal, one line per this share of the total, so logs stay short. */
const PLAIN_STEP = 0.25;

/** A live bar on a terminal; on a pipe, a few plain lines that a log can keep. */
export function progressReporter(io: Io, label: string): ProgressReporter {
  let lastPlainShare = -1;
  let drawn = false;
  return {
    update(doneBytes, totalBytes) {
      const share = totalBytes === 0 ? 1 : Math.min(1, doneBytes / totalBytes);
      const amounts = `${formatBytes(doneBytes)} / ${formatBytes(totalBytes)}`;
      if (io.rewrite) {
        const filled = Math.round(share * BAR_WIDTH);
        const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
        io.rewrite(`${label} ${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${amounts}`);
        drawn = true;
        return;
      }
      const step = Math.floor(share / PLAIN_STEP);
      if (step > lastPlainShare) {
        lastPlainShare = step;
        io.out(`${label} ${(share * 100).toFixed(0)}% (${amounts})`);
      }
    },
    finish() {
      // Ends the bar's line, leaving the final state on screen.
      if (drawn) io.out("");
    },
  };
}
