/**
 * Pure checks of `vmapps stage` arguments, run before any file is read or byte is sent: a name
 * the service refuses would otherwise fail after the upload, or with the service's own terse
 * error.
 */
import type { Problem } from "../../core/shared/problems";
import { blobNameProblems, containerNameProblems, shorten } from "../../staging/names";
import { DEFAULT_SAS_VALID_DAYS, USER_DELEGATION_MAX_DAYS } from "../../staging/sas/rules";
import { CliError, USAGE_EXIT, usageError } from "../errors";

/** One CLI line as the CLI writes them: no closing period, a fix starting in lower case. */
function cliLine(text: string, lowerFirst: boolean): string {
  const bare = text.replace(/\.$/, "");
  return lowerFirst ? bare.charAt(0).toLowerCase() + bare.slice(1) : bare;
}

/** Problems found before anything is sent, as one error line and one fix line; they stay its data. */
export function cliErrorOf(problems: readonly Problem[], exitCode = USAGE_EXIT): CliError {
  return new CliError(
    problems.map((problem) => cliLine(problem.message, false)).join("; "),
    problems.map((problem) => cliLine(problem.fix, true)).join("; "),
    exitCode,
    problems,
  );
}

/** A value as a flag shows it: '' for empty, long ones cut. */
function shown(value: string): string {
  return value === "" ? "''" : shorten(value);
}

/** `--container`: the storage naming rule (staging/names), in the CLI's words. */
export function checkContainerName(name: string): void {
  const problems = containerNameProblems(name, "--container", {
    subject: `--container ${shown(name)}`,
    example: (value) => `--container ${value}`,
  });
  if (problems.length > 0) throw cliErrorOf(problems);
}

/** `--blob`: the storage naming rule (staging/names), in the CLI's words. */
export function checkBlobName(name: string | undefined): void {
  if (name === undefined) return;
  const problems = blobNameProblems(name, "--blob", {
    subject: `--blob ${shown(name)}`,
    example: (value) => `--blob ${value}`,
  });
  if (problems.length > 0) throw cliErrorOf(problems);
}

/**
 * The longest service SAS (signed with the account key) `vmapps stage` signs. Azure sets no cap,
 * but such a SAS can only be revoked by rotating the key: a year bounds what a leaked URL
 * exposes, and keeps the expiry a date the service can parse.
 */
export const STAGE_SERVICE_SAS_MAX_DAYS = 365;

/** The whole days `vmapps stage` accepts for its SAS, by the kind of SAS it signs. */
export function sasDaysRange(userDelegation: boolean): { min: number; max: number } {
  return { min: 1, max: userDelegation ? USER_DELEGATION_MAX_DAYS : STAGE_SERVICE_SAS_MAX_DAYS };
}

/** What is wrong with a --sas-days value as written, or undefined when it is accepted. */
export function sasDaysProblem(text: string, userDelegation: boolean): string | undefined {
  const { min, max } = sasDaysRange(userDelegation);
  const shown = text === "" ? "''" : text;
  if (!/^-?\d+$/.test(text)) return `--sas-days ${shown} is not a whole number of days`;
  const days = Number(text);
  if (days < min) return `--sas-days ${shown} is below ${min}: a SAS lasts at least a day`;
  if (days > max) {
    return userDelegation
      ? `--sas-days ${shown} is above ${max}: a user delegation SAS (signed through the --account-url sign-in) lasts at most ${max} days`
      : `--sas-days ${shown} is above ${max}: vmapps signs a service SAS (with the account key) for at most ${max} days`;
  }
  return undefined;
}

function sasDaysFix(userDelegation: boolean): string {
  const { min, max } = sasDaysRange(userDelegation);
  const example = `e.g. --sas-days ${DEFAULT_SAS_VALID_DAYS} (the default)`;
  return userDelegation
    ? `give whole days from ${min} to ${max}, ${example}; a connection string signs a service SAS instead, for up to ${STAGE_SERVICE_SAS_MAX_DAYS} days`
    : `give whole days from ${min} to ${max}, ${example}`;
}

/** `--sas-days N` as a number of days, or a usage error stating the accepted range. */
export function sasDaysFlag(value: unknown, userDelegation: boolean): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const problem = sasDaysProblem(text, userDelegation);
  if (problem) throw usageError(problem, sasDaysFix(userDelegation));
  return Number(text);
}

/** The same rule for a caller of `stage()` that passes a number. */
export function checkSasDays(sasDays: number | undefined, userDelegation: boolean): void {
  if (sasDays !== undefined)
    sasDaysFlag(Number.isFinite(sasDays) ? sasDays : "NaN", userDelegation);
}

/** An account URL must be https: the sign-in token and the SAS travel over it. */
export function checkAccountUrl(accountUrl: string): void {
  let url: URL | undefined;
  try {
    url = new URL(accountUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw usageError(
      `--account-url ${accountUrl} is not a URL`,
      "give the blob endpoint, e.g. --account-url https://contosopkgs.blob.core.windows.net",
    );
  }
  if (url.protocol !== "https:") {
    throw usageError(
      `--account-url ${accountUrl} is not https`,
      `use https://${url.host}${url.pathname === "/" ? "" : url.pathname}: the sign-in token and the SAS are sent only over HTTPS`,
    );
  }
}
