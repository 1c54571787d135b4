import * as pulumi from "@pulumi/pulumi";
import { formatProblems, hasErrors, type Problem } from "../core";

/**
 * A component's inputs are invalid. Thrown from the constructor before anything is registered,
 * with every problem found (field, message, fix) so one run shows them all. Values known only
 * during the deployment (Outputs) are checked when they resolve: that error is raised on the
 * component (`resource`), after some children may already be registered, and says so.
 */
export class VmAppsComponentError extends pulumi.ResourceError {
  readonly problems: Problem[];

  constructor(
    type: string,
    name: string,
    problems: readonly Problem[],
    resource?: pulumi.Resource,
  ) {
    const errors = problems.filter((problem) => problem.severity === "error");
    const count = `${errors.length} problem${errors.length === 1 ? "" : "s"}`;
    const what = resource
      ? `has ${count} in values known only during the deployment; resources that depend on them were not created or changed, but other children of "${name}" (e.g. a staged package) may already have been`
      : `has ${count}; nothing was registered`;
    super(`${type} "${name}" ${what}:\n${formatProblems(problems)}`, resource);
    this.name = "VmAppsComponentError";
    this.problems = [...problems];
  }
}

/** Throws when any problem is an error; warnings are logged once the component exists. */
export function throwOnErrors(type: string, name: string, problems: readonly Problem[]): void {
  if (hasErrors(problems)) throw new VmAppsComponentError(type, name, dedupe(problems));
}

/** The same for values that resolved during the deployment, reported on the component. */
export function throwOnLateErrors(
  component: pulumi.Resource,
  type: string,
  name: string,
  problems: readonly Problem[],
): void {
  if (hasErrors(problems)) {
    throw new VmAppsComponentError(type, name, dedupe(problems), component);
  }
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
