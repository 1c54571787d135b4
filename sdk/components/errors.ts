import * as pulumi from "@pulumi/pulumi";
import { formatProblems, hasErrors, type Problem } from "../core";
import { markVmAppsError, problemSink } from "../core/shared/problems";

/**
 * A component's inputs are invalid. Thrown from the constructor before anything is registered,
 * with every problem found (field, message, fix) so one run shows them all. Values known only
 * during the deployment (Outputs) are checked when they resolve: that error is raised on the
 * component (`resource`), and no child that depends on them is created or changed.
 *
 * Extends pulumi.ResourceError so the engine reports it against the component without the stack
 * noise; `instanceof VmAppsError` holds through a marker (see VmAppsError).
 */
export class VmAppsComponentError extends pulumi.ResourceError {
  readonly problems: Problem[];

  constructor(
    type: string,
    name: string,
    problems: readonly Problem[],
    resource?: pulumi.Resource,
    whenResolved = resource !== undefined,
  ) {
    const errors = problems.filter((problem) => problem.severity === "error");
    const count = `${errors.length} problem${errors.length === 1 ? "" : "s"}`;
    const what = whenResolved
      ? `has ${count} in values known only during the deployment; nothing that depends on them was created or changed`
      : `has ${count}; nothing was registered`;
    super(`${type} "${name}" ${what}:\n${formatProblems(problems)}`, resource);
    this.name = "VmAppsComponentError";
    this.problems = [...problems];
    markVmAppsError(this);
  }
}

/**
 * Reports the problems of one component, each once, however many times its checks run (before
 * registering, then again when Outputs resolve). Under the Pulumi engine errors throw and
 * warnings are logged against the component. Under an offline plan (a problem sink is installed)
 * every problem is handed to the sink, named after the component, and nothing throws: the
 * program goes on, so the plan shows the problems of every component, not only the first.
 * A function that builds a value for a resource (`applicationProfile()`) reports the same way,
 * with its own name as `type` and no component to log against.
 */
export class ComponentProblems {
  private readonly reported = new Set<string>();
  private warningsBeforeRegistering: Problem[] = [];

  constructor(
    private readonly type: string,
    private readonly name: string,
  ) {}

  /**
   * Problems found before registering. True when they hold errors and an offline plan collected
   * them: the component then registers itself without children and with unknown outputs.
   */
  stopBeforeRegistering(problems: readonly Problem[]): boolean {
    const fresh = this.fresh(problems);
    if (!hasErrors(fresh)) {
      this.warningsBeforeRegistering = fresh;
      return false;
    }
    const sink = problemSink();
    if (!sink) throw new VmAppsComponentError(this.type, this.name, fresh);
    sink.push(...fresh);
    return true;
  }

  /**
   * Logs the warnings found before registering, now that the component exists (a function has
   * none to log against).
   */
  registered(component?: pulumi.Resource): void {
    this.warn(this.warningsBeforeRegistering, component);
    this.warningsBeforeRegistering = [];
  }

  /**
   * Problems found once Outputs resolved; only those not reported before count. Throws on errors
   * under the engine; true when an offline plan collected errors (dependent values then stay
   * unknown, so nothing downstream uses the bad value).
   */
  stopWhenResolved(component: pulumi.Resource | undefined, problems: readonly Problem[]): boolean {
    const fresh = this.fresh(problems);
    if (!hasErrors(fresh)) {
      this.warn(fresh, component);
      return false;
    }
    const sink = problemSink();
    if (!sink) throw new VmAppsComponentError(this.type, this.name, fresh, component, true);
    sink.push(...fresh);
    return true;
  }

  private warn(problems: readonly Problem[], component: pulumi.Resource | undefined): void {
    const warnings = problems.filter((problem) => problem.severity === "warning");
    const sink = problemSink();
    if (sink) {
      if (warnings.length > 0) sink.push(...warnings);
      return;
    }
    for (const problem of warnings) {
      pulumi.log.warn(`${problem.field}: ${problem.message} Fix: ${problem.fix}`, component);
    }
  }

  /**
   * Not reported yet, named after the component. Two validators may also report the same rule
   * (e.g. duplicate regions): shown once.
   */
  private fresh(problems: readonly Problem[]): Problem[] {
    return problems
      .filter((problem) => {
        const key = `${problem.severity}|${problem.field}|${problem.message}`;
        if (this.reported.has(key)) return false;
        this.reported.add(key);
        return true;
      })
      .map((problem) => ({ ...problem, resource: this.name }));
  }
}
