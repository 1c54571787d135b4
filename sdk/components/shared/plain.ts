/**
 * Fields typed as plain values (not `pulumi.Input`) are read while the program runs, before
 * anything is registered: a version number names the Azure resource, a package path decides what
 * is staged. An Output or a Promise there (from plain JavaScript, `as any`, or
 * `config.requireSecretObject`) used to fail with Pulumi's "Calling [toString] on an [Output<T>]"
 * or a wrong problem. Such fields are marked in the argument shapes (sdk/core/shared/keys.ts), so the
 * list lives once, next to each Args interface; one walk then names each one with the reason
 * and the fix, before anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { ANY_VALUE, type AnyShape, childField, type FieldShape } from "../../core/shared/keys";
import { error, type Problem } from "../../core/shared/problems";

/** Why a field must be known before the deployment, and how to pass it instead. */
export interface PlainReason {
  /** Completes "…, but <why>", e.g. "the version number names the Azure resource". */
  why: string;
  /** The fix, when more than "pass the plain value" helps. */
  fix?: string;
}

type Marked = { readonly plain?: PlainReason };

/** A leaf field whose type is plain: an Output or a Promise there is refused, with `reason`. */
export function plain(reason: PlainReason): AnyShape {
  return { ...ANY_VALUE, plain: reason } as AnyShape;
}

/** An object, list or map field whose type is plain (not `pulumi.Input`): see `plain`. */
export function plainShape<S extends FieldShape>(shape: S, reason: PlainReason): S {
  return { ...shape, plain: reason };
}

/**
 * One problem per plain-typed field, at any depth, given an Output or a Promise. Only plain
 * objects and arrays are looked into, as for unknown keys.
 */
export function unresolvedPlainProblems(value: unknown, shape: FieldShape, path = ""): Problem[] {
  if (value === undefined || value === null) return [];
  const reason = (shape as Marked).plain;
  if (reason !== undefined && (pulumi.Output.isInstance(value) || value instanceof Promise)) {
    const what = pulumi.Output.isInstance(value) ? "an Output" : "a Promise";
    return [
      error(
        path,
        `${path} is ${what}, whose value is known only during the deployment, but ${reason.why}: it must be known before anything is registered.`,
        reason.fix ?? `Pass ${path} as a plain value (e.g. config.require(...), not an Output).`,
      ),
    ];
  }
  if (shape.kind === "any" || typeof value !== "object") return [];
  if (shape.kind === "list") {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) =>
      unresolvedPlainProblems(item, shape.of, `${path}[${index}]`),
    );
  }
  if (!isPlainObject(value)) return [];
  if (shape.kind === "map") {
    return Object.entries(value).flatMap(([key, item]) =>
      unresolvedPlainProblems(item, shape.of, childField(path, key)),
    );
  }
  return Object.entries(shape.keys).flatMap(([key, inner]) =>
    unresolvedPlainProblems(value[key], inner, childField(path, key)),
  );
}

function isPlainObject(value: object): value is Record<string, unknown> {
  if (Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * The problems of plain-typed fields given an Output or a Promise, or undefined when there are
 * none: the other checks would only repeat them as confusing messages, so they run only then.
 */
export function firstPlainProblems(args: unknown, shape: FieldShape): Problem[] | undefined {
  const problems = unresolvedPlainProblems(args, shape);
  return problems.length > 0 ? problems : undefined;
}
