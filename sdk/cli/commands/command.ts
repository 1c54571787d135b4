import type { Options } from "../args";
import type { Io } from "../render/output";

export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text: usage line, what it does, every flag, examples, exit codes. */
  help: string;
  /** Every option the parser accepts (besides -h, --help): each is documented in `help`. */
  options: Options;
  run(args: string[], io: Io): Promise<number>;
}

export const EXIT_CODES = `Exit codes: 0 success · 1 problems found or the operation failed · 2 invalid arguments`;
