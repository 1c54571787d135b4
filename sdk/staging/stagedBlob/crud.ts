/**
 * The StagedBlob provider's lifecycle as plain functions with plain values: check, create,
 * update, read, delete. Kept free of @pulumi/* so the provider (serialized into state by closure
 * serialization) only has to `require` this code at deployment time instead of capturing it.
 */
import type { BlobType } from "../../core/shared/replicas";
import { containerClientFor } from "../client";
import { defaultBlobName } from "../names";
import { sasDue, sasPolicyOf } from "../sas/policy";
import { signReadSas } from "../sas/sign";
import { inspectSource } from "../source/facts";
import type { ArchiveFormat } from "../source/formats";
import { digestSource, type PrepareOptions, prepareSource } from "../source/prepare";
import type { StagedKind } from "../source/rules";
import { stagePackage } from "../upload/stage";
import { blobPresence, isNotFound } from "./drift";
import { endpointOf, targetOf } from "./endpoint";
import {
  type CheckFailure,
  type StagedBlobInputs,
  type StagedBlobOutputs,
  sourceFailures,
  validateInputs,
} from "./inputs";

/** How the inputs ask for the bytes to be prepared (they are checked before this is used). */
function preparation(inputs: StagedBlobInputs): PrepareOptions {
  return {
    archiveFormat: inputs.archiveFormat as ArchiveFormat | undefined,
    kind: (inputs.kind ?? "package") as StagedKind,
    blobType: (inputs.blobType ?? "block") as BlobType,
    allowPadding: inputs.allowPadding,
  };
}

/** check: validate, then record what will be staged so diff can compare without hashing. */
export async function check(
  news: StagedBlobInputs,
): Promise<{ inputs: StagedBlobInputs; failures: CheckFailure[] }> {
  const failures = validateInputs(news);
  if (failures.length > 0) return { inputs: news, failures };
  const facts = inspectSource(news.source);
  const refused = sourceFailures(news, facts);
  if (refused.length > 0) return { inputs: news, failures: refused };
  const digest = await digestSource(news.source, { ...preparation(news), facts });
  return {
    inputs: {
      ...news,
      contentSha256: digest.sha256,
      resolvedBlobName: news.blobName ?? defaultBlobName(digest.sha256, digest.fileName),
    },
    failures: [],
  };
}

/** `now` is the clock that decided to sign, so the window and the decision agree. */
async function signSas(
  inputs: StagedBlobInputs | StagedBlobOutputs,
  url: string,
  validForDays: number,
  now: Date,
): Promise<{ sasUrl: string; sasExpiresOn: string }> {
  const sas = await signReadSas(targetOf(inputs), url, validForDays, now);
  return { sasUrl: sas.sasUrl, sasExpiresOn: sas.expiresOn.toISOString() };
}

export async function create(
  inputs: StagedBlobInputs,
  now = new Date(),
): Promise<{ id: string; outs: StagedBlobOutputs }> {
  const prepared = await prepareSource(inputs.source, preparation(inputs));
  try {
    // Without a blob name the uploader names it from the hash it computes anyway: hashed once.
    const staged = await stagePackage({
      source: prepared.path,
      fileName: prepared.fileName,
      target: targetOf(inputs, inputs.blobName),
      blobType: (inputs.blobType ?? "block") as BlobType,
      kind: (inputs.kind ?? "package") as StagedKind,
    });
    const policy = sasPolicyOf(inputs);
    const sas = await signSas(inputs, staged.url, policy.sasValidForDays, now);
    const outs: StagedBlobOutputs = {
      url: staged.url,
      blobName: staged.blobName,
      sha256: staged.sha256,
      md5: staged.md5,
      size: staged.size,
      blobType: staged.blobType,
      ...sas,
      ...policy,
      accountName: inputs.accountName,
      containerName: inputs.containerName,
      blobEndpoint: endpointOf(inputs),
      retainOnDelete: inputs.retainOnDelete ?? false,
      ...(inputs.connectionString ? { connectionString: inputs.connectionString } : {}),
      ...(inputs.caCert ? { caCert: inputs.caCert } : {}),
    };
    return { id: staged.url, outs };
  } finally {
    await prepared.cleanup();
  }
}

/**
 * Re-stages when the content changed or the blob is gone (checked here too: the diff may be
 * stale). A due renewal or a new validity only signs a new SAS for the same blob; a new renewal
 * threshold is only recorded (the current SAS stays valid).
 */
export async function update(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
): Promise<{ outs: StagedBlobOutputs }> {
  const contentChanged = news.contentSha256 === undefined || news.contentSha256 !== olds.sha256;
  if (contentChanged || (await blobPresence(olds)) === "missing") {
    const created = await create(
      { ...news, blobName: olds.blobName, blobType: olds.blobType },
      now,
    );
    return { outs: created.outs };
  }
  const policy = sasPolicyOf(news);
  const outs: StagedBlobOutputs = {
    ...olds,
    ...policy,
    retainOnDelete: news.retainOnDelete ?? false,
    connectionString: news.connectionString,
    caCert: news.caCert,
  };
  const validityChanged = sasPolicyOf(olds).sasValidForDays !== policy.sasValidForDays;
  if (validityChanged || sasDue(olds.sasExpiresOn, now, policy)) {
    Object.assign(outs, await signSas(outs, olds.url, policy.sasValidForDays, now));
  }
  if (!outs.connectionString) delete outs.connectionString;
  if (!outs.caCert) delete outs.caCert;
  return { outs };
}

/**
 * refresh: a blob deleted out of band reads back as no resource (blank id, per the dynamic
 * provider contract), so the next `pulumi up` creates it again.
 */
export async function read(
  id: string,
  props: StagedBlobOutputs,
): Promise<{ id?: string; props?: StagedBlobOutputs }> {
  const presence = await blobPresence(props);
  if (presence === "missing") return {};
  if (presence === "unknown") {
    throw new Error(
      `StagedBlob ${props.url}: could not check whether the blob exists (storage unreachable or access denied); refresh again when it is reachable`,
    );
  }
  return { id, props };
}

export async function remove(props: StagedBlobOutputs): Promise<void> {
  if (props.retainOnDelete) return;
  const container = containerClientFor(targetOf(props, props.blobName));
  try {
    await container.getBlobClient(props.blobName).deleteIfExists({ deleteSnapshots: "include" });
  } catch (error) {
    // deleteIfExists only forgives a missing blob; a missing container holds nothing to delete.
    if (!isNotFound(error)) throw error;
  }
}
