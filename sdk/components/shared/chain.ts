import * as pulumi from "@pulumi/pulumi";

/**
 * The gallery rejects concurrent writes to one application, so versions of one application
 * declared in one program are created one after another; and one version number may be declared
 * only once per application, or two resources would manage one Azure object. Both need the
 * application's identity while the program runs, before any id is known:
 * - an id string (`applicationId: "/subscriptions/…"`, or a ref whose `id` is a string) is the
 *   application, compared case-insensitively as ARM compares ids;
 * - an id Output (`application: app` uses `app.id`, and `applicationId: app.id` is that same
 *   Output object) is the application by object identity.
 * A literal id string and a component's id Output cannot be matched before deployment: such
 * versions are not chained with each other (pass `dependsOn`).
 *
 * Kept per program run (the engine connection), so a process that runs several programs
 * (tests, the Automation API) never links resources of different runs. Kept out of the
 * component classes because the schema Analyzer publishes every class field as an output.
 */
export type ApplicationIdentity = string | object;

interface ApplicationVersions {
  last?: pulumi.Resource;
  /** Version name → name of the component that declared it. */
  declaredBy: Map<string, string>;
  /** Version name → the component that declared it: what a rollback goes back to. */
  components: Map<string, pulumi.Resource>;
}

interface ProgramVersions {
  byId: Map<string, ApplicationVersions>;
  byObject: WeakMap<object, ApplicationVersions>;
}

const programs = new WeakMap<object, ProgramVersions>();
/** Stands in for the engine connection when there is none (type-checking, unit tests). */
const NO_ENGINE = {};

/** The identity of the application a version belongs to, or undefined when there is none. */
export function applicationIdentity(
  application: { id: pulumi.Input<string> } | undefined,
  applicationId: pulumi.Input<string> | undefined,
): ApplicationIdentity | undefined {
  const id = application ? application.id : applicationId;
  if (typeof id === "string") return id.trim().toLowerCase();
  if (typeof id === "object" && id !== null) return id;
  return undefined;
}

function versionsOf(key: ApplicationIdentity): ApplicationVersions {
  const engine = pulumi.runtime.getMonitor() ?? NO_ENGINE;
  let program = programs.get(engine);
  if (!program) {
    program = { byId: new Map(), byObject: new WeakMap() };
    programs.set(engine, program);
  }
  const found = typeof key === "string" ? program.byId.get(key) : program.byObject.get(key);
  if (found) return found;
  const created: ApplicationVersions = { declaredBy: new Map(), components: new Map() };
  if (typeof key === "string") program.byId.set(key, created);
  else program.byObject.set(key, created);
  return created;
}

/** The component that already declared this version number for the application, if any. */
export function declaredBy(
  key: ApplicationIdentity | undefined,
  version: string,
): string | undefined {
  return key === undefined ? undefined : versionsOf(key).declaredBy.get(version);
}

/**
 * Records `version` (declared by the component `componentName`) as the application's latest and
 * returns the one declared before it, which the new version must wait for.
 */
export function takeTurn(
  key: ApplicationIdentity | undefined,
  version: string,
  componentName: string,
  resource: pulumi.Resource,
): pulumi.Resource | undefined {
  if (key === undefined) return undefined;
  const versions = versionsOf(key);
  const previous = versions.last;
  versions.last = resource;
  versions.declaredBy.set(version, componentName);
  versions.components.set(version, resource);
  return previous;
}

/** Every version of the application declared so far in this program, by version name. */
export function declaredVersions(
  key: ApplicationIdentity | undefined,
): ReadonlyMap<string, pulumi.Resource> {
  return key === undefined ? new Map() : versionsOf(key).components;
}
