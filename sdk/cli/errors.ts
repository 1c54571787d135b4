import type { Problem } from "../core";

/**
 * A failure the user can act on: printed as one line plus the fix, never as a stack trace.
 * Exit code 2 is a usage error (bad flags); 1 is a failed check or operation.
 */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly fix: string,
    public readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Several problems in one input (a file), each printed as its own line plus fix, all at once. */
export class CliProblemsError extends CliError {
  constructor(
    /** Where the problems are, e.g. the file: it prefixes each line. */
    public readonly where: string,
    public readonly problems: readonly Problem[],
    exitCode = 1,
  ) {
    const errors = problems.filter((problem) => problem.severity === "error").length;
    super(
      `${where} has ${errors} problem${errors === 1 ? "" : "s"}`,
      "fix every problem listed",
      exitCode,
    );
    this.name = "CliProblemsError";
  }
}

export const USAGE_EXIT = 2;

export function usageError(message: string, fix: string): CliError {
  return new CliError(message, fix, USAGE_EXIT);
}
