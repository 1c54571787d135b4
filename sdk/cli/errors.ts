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

export const USAGE_EXIT = 2;

export function usageError(message: string, fix: string): CliError {
  return new CliError(message, fix, USAGE_EXIT);
}
