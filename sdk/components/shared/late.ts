/**
 * Checks of values known only during the deployment. A component validates its arguments twice
 * with one function: before registering, on the plain values (Outputs are unknown there and
 * skipped), and again once every Output and Promise in the arguments has resolved. Every child
 * waits for the second check, so nothing is staged, created or changed from a bad value.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../../core";

/** A value that stays unknown: the outputs of a component that failed its checks offline. */
export function unknownOutput<T>(): pulumi.Output<T> {
  return pulumi.output(pulumi.unknown) as unknown as pulumi.Output<T>;
}

/**
 * `apply` that also runs while parts of the value are unknown (a preview), with those parts as
 * `pulumi.unknown`: the SDK's own output proxy relies on this second parameter. Without it a
 * single unknown value (say a new resource group's name) would skip every check in a preview.
 */
interface ApplyWithUnknowns {
  apply<U>(func: (value: unknown) => U, runWithUnknowns: boolean): pulumi.Output<U>;
}

/** Where a resolved value goes back into the copied arguments. */
class Slot {
  constructor(readonly index: number) {}
}

/** Plain objects and arrays are copied; resources, dates and other instances are kept whole. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function withSlots(value: unknown, leaves: unknown[]): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    leaves.push(value);
    return new Slot(leaves.length - 1);
  }
  if (Array.isArray(value)) return value.map((item) => withSlots(item, leaves));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withSlots(item, leaves)]),
    );
  }
  return value;
}

/**
 * A part still unknown (a preview) travels as this symbol: Pulumi copies objects and lifts
 * Outputs inside resolved values, but leaves primitives alone.
 */
const STILL_UNKNOWN = Symbol("still unknown");

function unknownsAsMarkers(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return STILL_UNKNOWN;
  if (Array.isArray(value)) return value.map(unknownsAsMarkers);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, unknownsAsMarkers(item)]),
    );
  }
  return value;
}

/**
 * The arguments again, each slot filled with its value; a part still unknown becomes an unknown
 * Output, which the checks skip exactly as before registering (present, but not known yet).
 */
function fill(value: unknown, values: readonly unknown[]): unknown {
  if (value instanceof Slot) return fill(values[value.index], []);
  if (value === STILL_UNKNOWN) return unknownOutput();
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, values)]),
    );
  }
  return value;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isPlainObject(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A message may quote the value it is about; a secret value is never quoted. */
function withoutSecrets(problem: Problem, secrets: readonly string[]): Problem {
  const hide = (text: string) =>
    secrets.reduce((result, secret) => result.split(secret).join("[secret]"), text);
  return { ...problem, message: hide(problem.message), fix: hide(problem.fix) };
}

/**
 * Runs `validate` again on the arguments with every Output and Promise (at any depth of plain
 * objects and arrays) replaced by its value, secrets unwrapped for checking only, and hands its
 * problems (a secret value quoted in a message replaced by "[secret]") to `stop`, which reports
 * the new ones and throws on errors under the engine. Top-level `keep` keys stay as given:
 * references to other resources, read only for their ids. The result is known and true when the
 * values passed, unknown when an offline plan collected errors; children wait for it (`gate`,
 * `whenPassed`). Never secret: it carries no value.
 */
export function checkWhenResolved<T extends object>(
  args: T,
  keep: readonly string[],
  validate: (resolved: T) => Problem[],
  stop: (problems: Problem[]) => boolean,
): pulumi.Output<true> {
  const leaves: unknown[] = [];
  const template = Object.fromEntries(
    Object.entries(args).map(([key, value]) => [
      key,
      keep.includes(key) ? value : withSlots(value, leaves),
    ]),
  );
  const resolved = leaves.map((leaf) => {
    const output = pulumi.output(leaf as pulumi.Input<unknown>);
    const value = (output as unknown as ApplyWithUnknowns).apply(unknownsAsMarkers, true);
    return pulumi.all([value, pulumi.output(pulumi.isSecret(output))]);
  });
  const checked = pulumi.all(resolved).apply((pairs) => {
    const secrets = pairs
      .filter(([, secret]) => secret)
      .flatMap(([value]) => stringsIn(value))
      .sort((a, b) => b.length - a.length);
    const values = fill(
      template,
      pairs.map(([value]) => value),
    ) as T;
    const problems = validate(values).map((problem) => withoutSecrets(problem, secrets));
    return stop(problems) ? unknownOutput<true>() : (true as const);
  });
  return pulumi.unsecret(checked) as pulumi.Output<true>;
}

/** `dependsOn` for a child: these resources, once the arguments passed their check. */
export function gate(
  passed: pulumi.Output<true>,
  resources: pulumi.Resource[] = [],
): pulumi.Output<pulumi.Resource[]> {
  return passed.apply(() => resources);
}

/** The value, once the arguments passed their check: what a child may be given. */
export function whenPassed<T>(
  passed: pulumi.Output<true>,
  value: pulumi.Input<T>,
): pulumi.Output<T> {
  return pulumi.all([value, passed]).apply(([resolved]) => resolved) as pulumi.Output<T>;
}
