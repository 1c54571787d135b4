/**
 * Unknown keys. A misspelled key is read by no one, so its setting silently falls back to the
 * default (`demand: { vm: 400 }` plans 1 replica): every key an argument object does not declare
 * is a problem, named by its path, with the key it most likely meant.
 */
import { closestName } from "./closest";
import { error, type Problem } from "./problems";

/** A value whose keys are not checked: text, numbers, Outputs, or a map of free-form settings. */
export const ANY_VALUE = { kind: "any" } as const;
export type AnyShape = typeof ANY_VALUE;

/** An object with a fixed set of keys, each with the shape of its value. */
export interface ObjectKeys {
  readonly kind: "object";
  readonly keys: Readonly<Record<string, FieldShape>>;
  /**
   * A fix more helpful than the nearest key for some mistakes, e.g. a region setting written
   * outside its region entry. `owner` is the object holding the key.
   */
  readonly hint?: (key: string, owner: Record<string, unknown>) => string | undefined;
  /** Keys allowed but read by no one, e.g. JSON's `$comment`. */
  readonly ignored?: readonly string[];
}

/**
 * The keys of an object whose type has exactly the keys `Keys` (`ObjectShape<keyof XArgs>`):
 * only the key names are tied to the type, since only they are checked.
 */
export interface ObjectShape<Keys extends PropertyKey> extends ObjectKeys {
  /**
   * Never set: ties the shape to `Keys` (and only to them), so a shape and an interface that
   * list different keys do not type-check where the shape is used for it.
   */
  readonly keysOf?: (key: Keys) => Keys;
}

/** A list whose every item has the shape `of`. */
export interface ListShape<S extends FieldShape = FieldShape> {
  readonly kind: "list";
  readonly of: S;
}

/** A map with keys chosen by the user (region names) and values of the shape `of`. */
export interface MapShape<S extends FieldShape = FieldShape> {
  readonly kind: "map";
  readonly of: S;
}

export type FieldShape = AnyShape | ObjectKeys | ListShape | MapShape;

/**
 * The shape a field of type `V` must have: an interface needs its own object shape, a list of
 * objects a list of them, a map of objects a map of them; text, numbers, Outputs and lists or
 * maps of those are not looked into.
 */
export type ShapeOf<V> = [Exclude<V, undefined | null>] extends [readonly (infer Item)[]]
  ? [Exclude<Item, undefined | null>] extends [object]
    ? ListShape<ShapeOf<Item>>
    : AnyShape | ListShape<AnyShape>
  : [Exclude<V, undefined | null>] extends [object]
    ? string extends keyof Exclude<V, undefined | null>
      ? [Exclude<V, undefined | null>[string & keyof Exclude<V, undefined | null>]] extends [object]
        ? MapShape<
            ShapeOf<Exclude<V, undefined | null>[string & keyof Exclude<V, undefined | null>]>
          >
        : AnyShape | MapShape<AnyShape>
      : ObjectShape<keyof Exclude<V, undefined | null>>
    : AnyShape;

/** One entry per key of `T`, optional keys included, and no other. */
export type KeysOf<T> = { readonly [K in keyof T]-?: ShapeOf<T[K]> };

/** The shape of an object of type `T`, its keys' shapes still typed. */
export type TypedShape<T> = ObjectShape<keyof T> & { readonly keys: KeysOf<T> };

/** The shape of an object of type `T`; see `ObjectShape` for `hint` and `ignored`. */
export function objectShape<T>(
  keys: KeysOf<T>,
  options: Pick<ObjectKeys, "hint" | "ignored"> = {},
): TypedShape<T> {
  return { kind: "object", keys, ...options } as TypedShape<T>;
}

export function listOf<S extends FieldShape>(of: S): ListShape<S> {
  return { kind: "list", of };
}

export function mapOf<S extends FieldShape>(of: S): MapShape<S> {
  return { kind: "map", of };
}

/** The path of `key` inside `path`: `regions.westeurope`, or `regions["West Europe"]`. */
export function childField(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Every key of `value` its shape does not declare, at any depth, under `path` ("" for the top).
 * Only plain objects and arrays are looked into: an Output, a Promise or a component instance
 * (an `AppGallery` given as `gallery`) is checked elsewhere or once it resolves. A key whose
 * value is `undefined` is as good as absent and never a problem.
 */
export function unknownKeyProblems(value: unknown, shape: FieldShape, path = ""): Problem[] {
  if (shape.kind === "any") return [];
  if (shape.kind === "list") {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) => unknownKeyProblems(item, shape.of, `${path}[${index}]`));
  }
  if (!isPlainObject(value)) return [];
  if (shape.kind === "map") {
    return Object.entries(value).flatMap(([key, item]) =>
      unknownKeyProblems(item, shape.of, childField(path, key)),
    );
  }
  const known = Object.keys(shape.keys);
  const problems: Problem[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || shape.ignored?.includes(key)) continue;
    const inner = Object.hasOwn(shape.keys, key) ? shape.keys[key] : undefined;
    if (inner) problems.push(...unknownKeyProblems(item, inner, childField(path, key)));
    else problems.push(unknownKey(childField(path, key), key, known, shape.hint?.(key, value)));
  }
  return problems;
}

function unknownKey(field: string, key: string, known: readonly string[], hint?: string): Problem {
  const meant = closestName(key, known);
  return error(
    field,
    `unknown key "${key}"; it would be ignored.`,
    hint ??
      (meant
        ? `Did you mean ${meant}? Rename "${key}" to "${meant}".`
        : `Use one of ${known.join(", ")}, or remove "${key}".`),
  );
}

/**
 * An object literal, `JSON.parse` output or `Object.create(null)`, from any realm; not a class
 * instance (Output, Promise, Resource, Date), whose keys are not argument keys.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
