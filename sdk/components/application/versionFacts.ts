/**
 * What a VmApplicationVersion was declared with, for the application profiles that install it:
 * its id, application, OS, target regions and whether it is rolled back. Kept by the component
 * and by its `id` Output (so `version: v1` and `version: v1.id` are recognised alike), out of the
 * class because the schema Analyzer publishes every class field as an output; weak, so nothing
 * outlives its program run.
 */
import type * as pulumi from "@pulumi/pulumi";
import { compareVersions, isValidVersion } from "../../core/shared/versions";
import { type ApplicationIdentity, declaredVersions } from "../shared/chain";

export interface DeclaredVersion {
  /** The component's name, for messages. */
  name: string;
  id: pulumi.Output<string>;
  /** The version number, e.g. 1.2.0. */
  version: string;
  application: ApplicationIdentity | undefined;
  /** The application's OS: known now, or once it resolves. */
  os: pulumi.Input<string> | undefined;
  /** Names of the target regions, once planned. */
  targetRegions: pulumi.Output<string[]>;
  rolledBack: boolean;
}

const declared = new WeakMap<object, DeclaredVersion>();

export function rememberVersion(component: object, facts: DeclaredVersion): void {
  declared.set(component, facts);
  declared.set(facts.id, facts);
}

/** The version a profile entry names, when it is a VmApplicationVersion (or its id Output). */
export function declaredVersion(version: unknown): DeclaredVersion | undefined {
  return version !== null && typeof version === "object" ? declared.get(version) : undefined;
}

/**
 * What a rolled-back version goes back to: the highest lower version of the same application
 * declared in this program so far that is not rolled back itself.
 */
export function versionBefore(bad: DeclaredVersion): DeclaredVersion | undefined {
  if (!isValidVersion(bad.version)) return undefined;
  const candidates = [...declaredVersions(bad.application).values()]
    .map((component) => declared.get(component))
    .filter((facts): facts is DeclaredVersion => facts !== undefined && !facts.rolledBack)
    .filter(
      (facts) => isValidVersion(facts.version) && compareVersions(facts.version, bad.version) < 0,
    );
  return candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
}

const applicationKeys = new WeakMap<object, string>();
let nextKey = 1;

/**
 * A text that tells applications apart for the profile's "no application twice" rule while ids
 * are unknown: an id string is itself, an id Output is numbered by identity.
 */
export function applicationKey(application: ApplicationIdentity | undefined): string | undefined {
  if (typeof application === "string") return application;
  if (application === undefined) return undefined;
  let key = applicationKeys.get(application);
  if (key === undefined) {
    key = `declared application #${nextKey++}`;
    applicationKeys.set(application, key);
  }
  return key;
}
