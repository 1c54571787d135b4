import type * as pulumi from "@pulumi/pulumi";

/**
 * The gallery rejects concurrent writes to one application, so versions of one application
 * declared in one program are created one after another. The last version registered for an
 * application is remembered here, keyed by the application argument: the component or Output
 * object itself, or the id string. Kept out of the component classes because the schema
 * Analyzer publishes every class field, private ones included, as an output.
 */
const lastByObject = new WeakMap<object, pulumi.Resource>();
const lastById = new Map<string, pulumi.Resource>();

export function takeTurn(
  application: unknown,
  version: pulumi.Resource,
): pulumi.Resource | undefined {
  if (typeof application === "string") {
    const previous = lastById.get(application);
    lastById.set(application, version);
    return previous;
  }
  if (typeof application === "object" && application !== null) {
    const previous = lastByObject.get(application);
    lastByObject.set(application, version);
    return previous;
  }
  return undefined;
}
