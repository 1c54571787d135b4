import { error, type Problem, VmAppsError } from "../core/shared/problems";

/**
 * A failure the user can act on: printed as one line plus the fix, never as a stack trace.
 * Exit code 2 is a usage error (bad flags); 1 is a failed check or operation.
 */
export class CliError extends VmAppsError {
  constructor(
    message: string,
    public readonly fix: string,
    public readonly exitCode = 1,
    /** The problems behind it; by default the message and fix as one problem of the command. */
    problems: readonly Problem[] = [error("command", message, fix)],
  ) {
    super(message, problems);
    this.name = "CliError";
  }
}

/** Several problems in one input (a file), each printed as its own line plus fix, all at once. */
export class CliProblemsError extends CliError {
  constructor(
    /** Where the problems are, e.g. the file: it prefixes each line. */
    public readonly where: string,
    problems: readonly Problem[],
    exitCode = 1,
  ) {
    const errors = problems.filter((problem) => problem.severity === "error").length;
    super(
      `${where} has ${errors} problem${errors === 1 ? "" : "s"}`,
      "fix every problem listed",
      exitCode,
      problems,
    );
    this.name = "CliProblemsError";
  }
}

export const USAGE_EXIT = 2;

export function usageError(message: string, fix: string): CliError {
  return new CliError(message, fix, USAGE_EXIT);
}
