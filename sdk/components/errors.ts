import * as pulumi from "@pulumi/pulumi";
import { formatProblems, hasErrors, type Problem } from "../core";

/**
 * A component's inputs are invalid. Thrown from the constructor before anything is registered,
 * with every problem found (field, message, fix) so one run shows them all.
 */
export class VmAppsComponentError extends pulumi.ResourceError {
  readonly problems: Problem[];

  constructor(type: string, name: string, problems: readonly Problem[]) {
    const errors = problems.filter((problem) => problem.severity === "error");
    super(
      `${type} "${name}" has ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was registered:\n${formatProblems(problems)}`,
      undefined,
    );
    this.name = "VmAppsComponentError";
    this.problems = [...problems];
  }
}

/** Throws when any problem is an error; warnings are logged once the component exists. */
export function throwOnErrors(type: string, name: string, problems: readonly Problem[]): void {
  if (hasErrors(problems)) throw new VmAppsComponentError(type, name, dedupe(problems));
}

/** Logs warnings against the component, so they show in `pulumi preview` beside it. */
export function logWarnings(problems: readonly Problem[], resource: pulumi.Resource): void {
  for (const problem of dedupe(problems)) {
    if (problem.severity === "warning") {
      pulumi.log.warn(`${problem.field}: ${problem.message} Fix: ${problem.fix}`, resource);
    }
  }
}

/** Two validators may report the same rule (e.g. duplicate regions); show it once. */
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.severity}|${problem.field}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
