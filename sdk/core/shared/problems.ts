/**
 * A problem found before any cloud call. `field` is a path into the checked object (for example
 * `publishingProfile.targetRegions[2].name`) or the name of a recipe option, so a user can find
 * the value to change; `fix` says how.
 */
export interface Problem {
  field: string;
  message: string;
  fix: string;
  /** Warnings are informational (for example a past end-of-life date); only errors block. */
  severity: ProblemSeverity;
  /** The resource (a component's name) whose argument `field` is, when there is one. */
  resource?: string;
}

export type ProblemSeverity = "error" | "warning";

export function error(field: string, message: string, fix: string): Problem {
  return { field, message, fix, severity: "error" };
}

export function warning(field: string, message: string, fix: string): Problem {
  return { field, message, fix, severity: "warning" };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** One line per problem: `error   publishingProfile.replicaCount: ... Fix: ...`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.severity.padEnd(7)} ${p.field}: ${p.message} Fix: ${p.fix}`)
    .join("\n");
}

/**
 * The base of every error this package throws on purpose: each carries its `problems` as data
 * (field, message, fix, severity), so a caller (the CLI, an offline plan, a test) reads them
 * instead of parsing the message back. Families: VmAppsValidationError and RecipeError (core),
 * StagingError and StagedBlobSecretError (staging), VmAppsComponentError (components), CliError
 * (cli).
 */
export class VmAppsError extends Error {
  readonly problems: Problem[];

  constructor(message: string, problems: readonly Problem[]) {
    super(message);
    this.name = "VmAppsError";
    this.problems = [...problems];
    markVmAppsError(this);
  }

  /**
   * `instanceof VmAppsError` reads a marker instead of the prototype chain, because
   * VmAppsComponentError must extend pulumi.ResourceError (core cannot import Pulumi) and because
   * a Pulumi program may load its own copy of this package. Subclasses keep the ordinary check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about
    if (this !== VmAppsError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[VMAPPS_ERROR] === true
    );
  }
}

const VMAPPS_ERROR = Symbol.for("pulumi-azure-vmapps.error");

/** Makes `instanceof VmAppsError` hold for an error that cannot extend it (see VmAppsError). */
export function markVmAppsError(error: Error): void {
  Object.defineProperty(error, VMAPPS_ERROR, { value: true });
}

/**
 * Thrown with every problem at once, so a user fixes them all in one round instead of one per
 * deployment attempt. `problems` holds errors and warnings; only errors cause the throw.
 */
export class VmAppsValidationError extends VmAppsError {
  constructor(problems: readonly Problem[], subject = "input") {
    const errors = problems.filter((p) => p.severity === "error");
    super(
      `${subject} has ${errors.length} problem${errors.length === 1 ? "" : "s"}:\n${formatProblems(problems)}`,
      problems,
    );
    this.name = "VmAppsValidationError";
  }
}

/** Throws a VmAppsValidationError listing every problem when any of them is an error. */
export function assertValid(problems: readonly Problem[], subject?: string): void {
  if (hasErrors(problems)) throw new VmAppsValidationError(problems, subject);
}

/**
 * Where components report their problems as data instead of throwing or logging them: an
 * offline plan installs a sink on `globalThis[Symbol.for(PROBLEM_SINK_KEY)]`. A symbol from the
 * global registry, because the planned program may load its own copy of this package.
 */
export const PROBLEM_SINK_KEY = "pulumi-azure-vmapps.problems";

/** Receives every problem a component finds, errors and warnings, each naming its resource. */
export interface ProblemSink {
  push(...problems: Problem[]): unknown;
}

/** The installed sink, or undefined when the program runs under the Pulumi engine. */
export function problemSink(): ProblemSink | undefined {
  const sink = (globalThis as Record<symbol, unknown>)[Symbol.for(PROBLEM_SINK_KEY)];
  return typeof (sink as ProblemSink | undefined)?.push === "function"
    ? (sink as ProblemSink)
    : undefined;
}
