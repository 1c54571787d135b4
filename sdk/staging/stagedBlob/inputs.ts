/**
 * What the StagedBlob provider receives and stores, and the check of its inputs: every problem at
 * once, each by property, before anything is prepared or sent. The rules themselves live in
 * their homes (names, source, SAS); this file only applies them to the provider's inputs.
 */

import type { Problem } from "../../core/shared/problems";
import { type BlobType, blobTypeProblems } from "../../core/shared/replicas";
import { blobNameProblems, containerNameProblems } from "../names";
import { sasSettingsProblems } from "../sas/rules";
import type { SourceFacts } from "../source/facts";
import { archiveFormatProblems, folderFormatProblems } from "../source/formats";
import { STAGED_KINDS, type StagedKind, sourceProblems } from "../source/rules";
import { blobEndpointProtocol } from "./endpoint";

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

/** The dynamic provider's failure shape. */
export interface CheckFailure {
  property: string;
  reason: string;
}

export function failureOf(problem: Problem): CheckFailure {
  return { property: problem.field, reason: `${problem.message} Fix: ${problem.fix}` };
}

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : `${typeof value} ${String(value)}`;
}

/** The inputs' own problems, from their values alone (the source is looked at by sourceFailures). */
export function validateInputs(inputs: StagedBlobInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (typeof inputs.source !== "string" || inputs.source === "") {
    fail(
      "source",
      `source must be the path of the package file or folder to stage; got ${describe(inputs.source)}`,
    );
  }
  if (!inputs.accountName)
    fail("accountName", "set accountName to the storage account that holds the package");
  if (!inputs.containerName) {
    fail("containerName", "set containerName to an existing blob container");
  } else {
    failures.push(...containerNameProblems(inputs.containerName, "containerName").map(failureOf));
  }
  if (inputs.kind !== undefined && !STAGED_KINDS.includes(inputs.kind as StagedKind)) {
    fail("kind", `kind must be "package" or "config"; got "${inputs.kind}"`);
  }
  failures.push(...blobTypeProblems(inputs.blobType, "blobType").map(failureOf));
  failures.push(...archiveFormatProblems(inputs.archiveFormat, "archiveFormat").map(failureOf));
  if (inputs.blobName !== undefined) {
    failures.push(...blobNameProblems(inputs.blobName, "blobName").map(failureOf));
  }
  for (const flag of ["retainOnDelete", "allowPadding"] as const) {
    if (inputs[flag] !== undefined && typeof inputs[flag] !== "boolean") {
      fail(flag, `${flag} must be a boolean (true or false); got ${describe(inputs[flag])}`);
    }
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
  failures.push(...sasProblems.map(failureOf));
  return failures;
}

/**
 * Why `source` cannot be staged as it is now, checked again at each deployment step: a file
 * removed after the last `pulumi up` must fail the plan, not plan the hash of no bytes.
 */
export function sourceFailures(inputs: StagedBlobInputs, facts: SourceFacts): CheckFailure[] {
  const problems = sourceProblems(facts, "source", (inputs.kind ?? "package") as StagedKind);
  if (facts.type === "folder" && inputs.archiveFormat === undefined) {
    problems.push(
      ...folderFormatProblems(
        inputs.source,
        "source",
        (format) => `set archiveFormat to "${format}"`,
      ),
    );
  }
  return problems.map(failureOf);
}
