/**
 * The SAS policy of a staged blob: how long a new SAS lasts, when it is renewed, and whether a
 * stored one is due. Pure; the StagedBlob engine decides with these, sign.ts signs.
 */
import { DEFAULT_SAS_RENEW_WITHIN_DAYS, DEFAULT_SAS_VALID_DAYS, sasNeedsRenewal } from "./rules";

export interface SasPolicy {
  sasValidForDays: number;
  sasRenewWithinDays: number;
}

/**
 * The policy of inputs, or the one recorded with outputs: state written before the policy was
 * recorded was signed under the defaults, as inputs that leave it out are.
 */
export function sasPolicyOf(settings: {
  sasValidForDays?: number;
  sasRenewWithinDays?: number;
}): SasPolicy {
  return {
    sasValidForDays: settings.sasValidForDays ?? DEFAULT_SAS_VALID_DAYS,
    sasRenewWithinDays: settings.sasRenewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS,
  };
}

export function samePolicy(a: SasPolicy, b: SasPolicy): boolean {
  return a.sasValidForDays === b.sasValidForDays && a.sasRenewWithinDays === b.sasRenewWithinDays;
}

/** An expiry that does not parse cannot be trusted to be in the future: it reads as long past. */
export function storedExpiry(sasExpiresOn: string): Date {
  const expiresOn = new Date(sasExpiresOn);
  return Number.isNaN(expiresOn.getTime()) ? new Date(0) : expiresOn;
}

/** Whether a stored SAS is to be renewed now under `policy`. */
export function sasDue(sasExpiresOn: string, now: Date, policy: SasPolicy): boolean {
  return sasNeedsRenewal(storedExpiry(sasExpiresOn), now, policy.sasRenewWithinDays);
}
