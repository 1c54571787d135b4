/** A staging failure that names its cause and how to fix it; thrown before or after upload. */
export class StagingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
  ) {
    super(`${message}. Fix: ${fix}`);
    this.name = "StagingError";
  }
}
