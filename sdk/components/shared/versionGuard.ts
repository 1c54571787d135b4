import * as pulumi from "@pulumi/pulumi";
import { differs, immutableViolations, type VersionFingerprint } from "../immutable";
import { DYNAMIC_TYPES } from "../tokens";

const GUARD = DYNAMIC_TYPES.VersionGuard;

/** Inputs of the guard: the fingerprint, each field possibly still an Output. */
export type VersionGuardArgs = {
  [K in keyof VersionFingerprint]: pulumi.Input<VersionFingerprint[K]>;
};

/**
 * Azure refuses changes to a published version's manage actions, file names, source blob,
 * storage account type and replication mode. The guard holds the version's fingerprint in state
 * and fails `check` (which runs during preview) when a new program would change one of them for
 * the same version number. The version depends on the guard (not the reverse), so a change is
 * refused before Azure is asked; the fingerprint is therefore recorded even when Azure then
 * refuses to create the version, and the failure message says how to retry such a number.
 * Messages name the argument, never its values (commands may be secret).
 */
const provider: pulumi.dynamic.ResourceProvider = {
  async check(olds, news) {
    const failures = immutableViolations(olds, news);
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  },
  async diff(_id, olds, news) {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("__provider");
    const changes = [...keys].some((key) => differs(olds[key], news[key]));
    return { changes, replaces: [] };
  },
  async create(inputs) {
    return { id: `${inputs.application}/${inputs.version}`, outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

export class VersionGuard extends pulumi.dynamic.Resource {
  constructor(name: string, args: VersionGuardArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, opts, GUARD.module, GUARD.type);
  }
}

/** The guard's provider, exported for tests that exercise check without an engine. */
export const versionGuardProvider = provider;
