/**
 * What the StagedBlob dynamic provider does, as plain functions with plain values. Kept free of
 * @pulumi/* so the provider (serialized into state by closure serialization) only has to
 * `require` this module at deployment time instead of capturing it.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DefaultAzureCredential } from "@azure/identity";
import { padForPageBlob } from "./align";
import { type ArchiveFormat, archivePackage } from "./archive";
import { containerClientFor, type StagingTarget, sharedKeyOf } from "./client";
import { hashFile } from "./hash";
import { type BlobType, defaultBlobName, type StagedKind } from "./plan";
import { createReadSas } from "./sas";
import {
  DEFAULT_SAS_RENEW_WITHIN_DAYS,
  DEFAULT_SAS_VALID_DAYS,
  sasNeedsRenewal,
  sasSettingsProblems,
  sasWindowFrom,
} from "./sasPlan";
import { stagePackage } from "./upload";

/** Resolved inputs, as the provider receives them (secrets unwrapped). */
export interface StagedBlobInputs {
  source: string;
  archiveFormat?: string;
  kind?: string;
  accountName: string;
  containerName: string;
  blobEndpoint?: string;
  connectionString?: string;
  blobName?: string;
  blobType?: string;
  sasValidForDays?: number;
  sasRenewWithinDays?: number;
  retainOnDelete?: boolean;
  allowPadding?: boolean;
  caCert?: string;
  /** Added by check: SHA-256 of the bytes that will be staged, and the blob name they get. */
  contentSha256?: string;
  resolvedBlobName?: string;
}

export interface StagedBlobOutputs {
  url: string;
  blobName: string;
  sha256: string;
  md5: string;
  size: number;
  blobType: BlobType;
  sasUrl: string;
  sasExpiresOn: string;
  /** The SAS policy `sasUrl` was signed under; absent in state written before it was recorded. */
  sasValidForDays?: number;
  sasRenewWithinDays?: number;
  accountName: string;
  containerName: string;
  blobEndpoint: string;
  connectionString?: string;
  caCert?: string;
  retainOnDelete: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

const ARCHIVE_FORMATS: readonly string[] = ["zip", "tar.gz", "tar"];

export function validateInputs(inputs: StagedBlobInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (!inputs.source) fail("source", "set source to the package file or folder to stage");
  if (!inputs.accountName)
    fail("accountName", "set accountName to the storage account that holds the package");
  if (!inputs.containerName)
    fail("containerName", "set containerName to an existing blob container");
  if (inputs.kind !== undefined && inputs.kind !== "package" && inputs.kind !== "config") {
    fail("kind", `kind must be "package" or "config"; got "${inputs.kind}"`);
  }
  if (inputs.blobType !== undefined && inputs.blobType !== "block" && inputs.blobType !== "page") {
    fail("blobType", `blobType must be "block" or "page"; got "${inputs.blobType}"`);
  }
  if (inputs.archiveFormat !== undefined && !ARCHIVE_FORMATS.includes(inputs.archiveFormat)) {
    fail(
      "archiveFormat",
      `archiveFormat must be one of ${ARCHIVE_FORMATS.join(", ")}; got "${inputs.archiveFormat}"`,
    );
  }
  const endpointProtocol = blobEndpointProtocol(inputs);
  if (endpointProtocol !== "https") {
    fail(
      inputs.connectionString ? "connectionString" : "blobEndpoint",
      `the blob endpoint uses ${endpointProtocol}, but the read SAS is HTTPS-only and the gallery downloads over HTTPS only. Fix: use the account's https:// endpoint`,
    );
  }
  const sasProblems = sasSettingsProblems(
    {
      validForDays: inputs.sasValidForDays,
      renewWithinDays: inputs.sasRenewWithinDays,
      userDelegation: !inputs.connectionString,
    },
    { validForDays: "sasValidForDays", renewWithinDays: "sasRenewWithinDays" },
  );
  for (const problem of sasProblems) fail(problem.field, `${problem.message} Fix: ${problem.fix}`);
  return failures;
}

/** Lowercase scheme the blob URL will have; never echoes the connection string (a secret). */
function blobEndpointProtocol(inputs: StagedBlobInputs): string {
  if (inputs.connectionString) {
    const settings = new Map(
      inputs.connectionString
        .split(";")
        .map((part) => part.split("="))
        .map(([key, ...value]) => [(key ?? "").trim().toLowerCase(), value.join("=").trim()]),
    );
    // The SDK's development shortcut points at Azurite's default http://127.0.0.1:10000.
    if (settings.get("usedevelopmentstorage")?.toLowerCase() === "true") return "http";
    const endpoint = settings.get("blobendpoint");
    if (endpoint) return schemeOf(endpoint);
    // Without BlobEndpoint the SDK builds the URL from DefaultEndpointsProtocol (https if absent).
    return (settings.get("defaultendpointsprotocol") || "https").toLowerCase();
  }
  return inputs.blobEndpoint ? schemeOf(inputs.blobEndpoint) : "https";
}

function schemeOf(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? "https";
}

interface PreparedSource {
  path: string;
  sha256: string;
  cleanup(): Promise<void>;
}

/**
 * The exact bytes to stage: the file itself, a deterministic archive of a folder, or a padded
 * copy for a page blob. The same inputs always give the same bytes and hash.
 */
export async function prepareSource(inputs: StagedBlobInputs): Promise<PreparedSource> {
  const info = await stat(inputs.source).catch(() => undefined);
  const workDir = await mkdtemp(join(tmpdir(), "vmapps-staged-"));
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  try {
    const page = inputs.blobType === "page";
    let path = inputs.source;
    if (info?.isDirectory()) {
      if (!inputs.archiveFormat) {
        throw new Error(
          `source ${inputs.source} is a folder: set archiveFormat to "zip" or "tar.gz"`,
        );
      }
      const archive = await archivePackage(inputs.source, {
        format: inputs.archiveFormat as ArchiveFormat,
        outFile: join(workDir, `${basename(inputs.source)}.${inputs.archiveFormat}`),
        pageBlob: page,
      });
      path = archive.path;
    } else if (page && info && info.size % 512 !== 0) {
      const copy = join(workDir, basename(inputs.source));
      await copyFile(inputs.source, copy);
      await padForPageBlob(copy, { allowPadding: inputs.allowPadding });
      path = copy;
    }
    // A missing or empty source is refused by stagePackage with its own message.
    const sha256 = info ? (await hashFile(path)).sha256 : createHash("sha256").digest("hex");
    return { path, sha256, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export function stagedFileName(inputs: StagedBlobInputs): string {
  const name = basename(inputs.source);
  return inputs.archiveFormat && !name.endsWith(`.${inputs.archiveFormat}`)
    ? `${name}.${inputs.archiveFormat}`
    : name;
}

/** check: validate, then record what will be staged so diff can compare without hashing. */
export async function check(
  news: StagedBlobInputs,
): Promise<{ inputs: StagedBlobInputs; failures: CheckFailure[] }> {
  const failures = validateInputs(news);
  if (failures.length > 0) return { inputs: news, failures };
  const prepared = await prepareSource(news);
  await prepared.cleanup();
  return {
    inputs: {
      ...news,
      contentSha256: prepared.sha256,
      resolvedBlobName: news.blobName ?? defaultBlobName(prepared.sha256, stagedFileName(news)),
    },
    failures: [],
  };
}

function endpointOf(inputs: { accountName: string; blobEndpoint?: string }): string {
  return (inputs.blobEndpoint ?? `https://${inputs.accountName}.blob.core.windows.net`).replace(
    /\/+$/,
    "",
  );
}

function targetOf(inputs: StagedBlobInputs | StagedBlobOutputs, blobName: string): StagingTarget {
  const common = { blobName, caCert: inputs.caCert };
  return inputs.connectionString
    ? { ...common, connectionString: inputs.connectionString, containerName: inputs.containerName }
    : { ...common, containerUrl: `${endpointOf(inputs)}/${inputs.containerName}` };
}

interface SasPolicy {
  sasValidForDays: number;
  sasRenewWithinDays: number;
}

function sasPolicyOf(inputs: StagedBlobInputs): SasPolicy {
  return {
    sasValidForDays: inputs.sasValidForDays ?? DEFAULT_SAS_VALID_DAYS,
    sasRenewWithinDays: inputs.sasRenewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS,
  };
}

/** State written before the policy was recorded was signed under the defaults, unless set. */
function recordedSasPolicy(olds: StagedBlobOutputs): SasPolicy {
  return {
    sasValidForDays: olds.sasValidForDays ?? DEFAULT_SAS_VALID_DAYS,
    sasRenewWithinDays: olds.sasRenewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS,
  };
}

/** `now` is the clock that decided to sign, so the window and the decision agree. */
async function signSas(
  inputs: StagedBlobInputs | StagedBlobOutputs,
  url: string,
  validForDays: number,
  now: Date,
): Promise<{ sasUrl: string; sasExpiresOn: string }> {
  const window = sasWindowFrom(now, validForDays);
  const key = inputs.connectionString
    ? sharedKeyOf(containerClientFor(targetOf(inputs, "unused")))
    : undefined;
  const sas = await createReadSas({
    blobUrl: url,
    ...window,
    now,
    ...(key
      ? { accountKey: key }
      : { credential: new DefaultAzureCredential(), caCert: inputs.caCert }),
  });
  return { sasUrl: sas.sasUrl, sasExpiresOn: sas.expiresOn.toISOString() };
}

export async function create(
  inputs: StagedBlobInputs,
  now = new Date(),
): Promise<{ id: string; outs: StagedBlobOutputs }> {
  const prepared = await prepareSource(inputs);
  try {
    const blobName = inputs.blobName ?? defaultBlobName(prepared.sha256, stagedFileName(inputs));
    const staged = await stagePackage({
      source: prepared.path,
      target: targetOf(inputs, blobName),
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

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Content hash, SAS window and SAS policy decide; identity (account, container, endpoint, blob
 * name, blob type) forces a replacement. Renewal and a new SAS policy are updates: same blob,
 * new query string.
 */
export function diff(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
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
  const renew = sasNeedsRenewal(new Date(olds.sasExpiresOn), now, policy.sasRenewWithinDays);
  const recorded = recordedSasPolicy(olds);
  const policyChanged =
    recorded.sasValidForDays !== policy.sasValidForDays ||
    recorded.sasRenewWithinDays !== policy.sasRenewWithinDays;
  const retainChanged = olds.retainOnDelete !== (news.retainOnDelete ?? false);
  return {
    changes: replaces.length > 0 || contentChanged || renew || policyChanged || retainChanged,
    replaces,
    stables: replaces.length === 0 ? ["url", "blobName", "blobType"] : [],
    // Same URL with another blob type: the old blob must go before the new one is written.
    deleteBeforeReplace:
      replaces.length > 0 &&
      !replaces.includes("blobName") &&
      olds.blobEndpoint === endpointOf(news),
  };
}

/**
 * Re-stages only when the content changed. A due renewal or a new validity only signs a new SAS
 * for the same blob; a new renewal threshold is only recorded (the current SAS stays valid).
 */
export async function update(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
): Promise<{ outs: StagedBlobOutputs }> {
  if (news.contentSha256 === undefined || news.contentSha256 !== olds.sha256) {
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
  const validityChanged = recordedSasPolicy(olds).sasValidForDays !== policy.sasValidForDays;
  if (
    validityChanged ||
    sasNeedsRenewal(new Date(olds.sasExpiresOn), now, policy.sasRenewWithinDays)
  ) {
    Object.assign(outs, await signSas(outs, olds.url, policy.sasValidForDays, now));
  }
  if (!outs.connectionString) delete outs.connectionString;
  if (!outs.caCert) delete outs.caCert;
  return { outs };
}

export async function remove(props: StagedBlobOutputs): Promise<void> {
  if (props.retainOnDelete) return;
  const container = containerClientFor(targetOf(props, props.blobName));
  await container.getBlobClient(props.blobName).deleteIfExists({ deleteSnapshots: "include" });
}
