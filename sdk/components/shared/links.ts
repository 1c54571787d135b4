/**
 * Blob links (SAS URLs) as the versions store and show them: the blob without its SAS, what may
 * be stored in plain text, the fingerprint of a source and the SAS expiry. Pure: no @pulumi
 * import; nothing here ever returns any part of a signature.
 */
import { createHash } from "node:crypto";
import { hasSasOutsideQuery } from "../../core/shared/blobLink";

/**
 * The blob a SAS URL points at, without query or fragment: what identifies the source of a
 * version. A renewed SAS on the same blob gives the same result, and no part of a SAS survives
 * (a fragment may come before a `?`, and a SAS may follow a `#`), since the result is stored
 * in plain text.
 */
export function blobUrlWithoutSas(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/**
 * The blob URL without SAS that may be stored in plain text, or undefined when `link` is not an
 * https URL whose host and path are free of SAS material (e.g. a `?` encoded as %3F would carry
 * the signature into the path). Strict on purpose: anything doubtful stays secret.
 */
export function publicBlobUrl(link: unknown): string | undefined {
  if (typeof link !== "string" || !URL.canParse(link)) return undefined;
  const url = new URL(link);
  const blob = blobUrlWithoutSas(link);
  const https = /^https:\/\/[^\s\\]+$/i.test(blob) && url.protocol === "https:";
  if (!https || hasSasOutsideQuery(url) || hasSasOutsideQuery(new URL(blob))) return undefined;
  return blob;
}

/**
 * What identifies a link's source in plain text: its public blob URL, else a SHA-256 of the
 * whole (secret) link, so nothing of a signature is stored.
 */
export function sourceFingerprint(link: string): string {
  return publicBlobUrl(link) ?? `sha256:${createHash("sha256").update(link).digest("hex")}`;
}

/** The query string of a URL (without `?` and without any fragment), or undefined. */
function queryOf(url: string): string | undefined {
  const start = url.indexOf("?");
  if (start < 0) return undefined;
  const fragment = url.indexOf("#", start);
  return url.slice(start + 1, fragment < 0 ? undefined : fragment);
}

/** The `se` (signed expiry) of a SAS URL, or undefined when the URL carries none. */
export function sasExpiry(url: string): string | undefined {
  const query = queryOf(url);
  return query === undefined ? undefined : (new URLSearchParams(query).get("se") ?? undefined);
}
