/**
 * Drift of a staged blob: whether it still exists, and what a deployment must do about the
 * difference between the stored outputs and the new inputs (nothing, renew, re-stage, replace).
 */
import { containerClientFor } from "../client";
import { withRetry } from "../retry";
import { samePolicy, sasDue, sasPolicyOf } from "../sas/policy";
import { endpointOf, targetOf } from "./endpoint";
import type { StagedBlobInputs, StagedBlobOutputs } from "./inputs";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

/** Whether the staged blob is still there; "unknown" when the storage service could not say. */
export type BlobPresence = "present" | "missing" | "unknown";

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}

/**
 * Asks the service with the credentials the blob was staged with. A missing container counts as
 * a missing blob. Anything else (network down, no permission) is "unknown": a plan must not
 * fail, nor re-stage, on a question it could not ask.
 */
export async function blobPresence(outs: StagedBlobOutputs): Promise<BlobPresence> {
  const blob = containerClientFor(targetOf(outs, outs.blobName)).getBlobClient(outs.blobName);
  try {
    const exists = await withRetry((abortSignal) => blob.exists({ abortSignal }), {
      maxAttempts: 3,
      attemptTimeoutMs: 15_000,
    });
    return exists ? "present" : "missing";
  } catch (error) {
    if (isNotFound(error)) return "missing";
    return "unknown";
  }
}

/**
 * Content hash, SAS window, SAS policy and whether the blob still exists decide; identity
 * (account, container, endpoint, blob name, blob type) forces a replacement. Renewal, a new SAS
 * policy and re-staging a deleted blob are updates: same blob path, same content.
 */
export function planDiff(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now: Date,
  presence: BlobPresence,
): DiffOutcome {
  const replaces: string[] = [];
  if (olds.accountName !== news.accountName) replaces.push("accountName");
  if (olds.containerName !== news.containerName) replaces.push("containerName");
  if (olds.blobEndpoint !== endpointOf(news)) replaces.push("blobEndpoint");
  if (news.resolvedBlobName !== undefined && olds.blobName !== news.resolvedBlobName)
    replaces.push("blobName");
  if (olds.blobType !== (news.blobType ?? "block")) replaces.push("blobType");
  const contentChanged = news.contentSha256 !== undefined && news.contentSha256 !== olds.sha256;
  const policy = sasPolicyOf(news);
  const renew = sasDue(olds.sasExpiresOn, now, policy);
  const policyChanged = !samePolicy(sasPolicyOf(olds), policy);
  const retainChanged = olds.retainOnDelete !== (news.retainOnDelete ?? false);
  const restage = presence === "missing";
  return {
    changes:
      replaces.length > 0 || contentChanged || renew || policyChanged || retainChanged || restage,
    replaces,
    stables: replaces.length === 0 ? ["url", "blobName", "blobType"] : [],
    // Same URL with another blob type: the old blob must go before the new one is written.
    deleteBeforeReplace:
      replaces.length > 0 &&
      !replaces.includes("blobName") &&
      olds.blobEndpoint === endpointOf(news),
  };
}

/** `warn` reaches the deployment's output (the provider's stderr is shown by the CLI). */
export async function diff(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
  warn: (message: string) => void = console.warn,
): Promise<DiffOutcome> {
  const presence = await blobPresence(olds);
  if (presence === "unknown") {
    warn(
      `StagedBlob ${olds.url}: could not check whether the blob still exists (storage unreachable or access denied); planning as if it does`,
    );
  } else if (presence === "missing") {
    warn(`StagedBlob ${olds.url}: the blob is gone; the update stages the same content again`);
  }
  return planDiff(olds, news, now, presence);
}
