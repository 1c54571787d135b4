import { isKnown } from "./fields";
import { error, type Problem } from "./problems";

/** Who reads a link, and what its SAS must cover. */
export interface LinkUse {
  /** Who fetches the blob, for messages: "the gallery", "the VM". */
  reader: string;
  /** What it fetches, for messages: "media", "its configuration". */
  content: string;
  /** How long the SAS must stay valid, for the fix. */
  validUntil: string;
  /** A link without any SAS is refused (a private blob read only through its SAS). */
  requireSas: boolean;
}

/** The gallery copies media once, while it replicates a version; a public blob needs no SAS. */
const GALLERY_MEDIA: LinkUse = {
  reader: "the gallery",
  content: "media",
  validUntil: "until replication ends",
  requireSas: false,
};

/**
 * The reader fetches the blob through the URL: it must be https, point at a blob, and a SAS on it
 * must grant read and not be expired. Messages never echo the query, which holds the signature.
 */
export function blobLinkProblems(
  link: unknown,
  field: string,
  now: Date,
  use: LinkUse = GALLERY_MEDIA,
): Problem[] {
  if (!isKnown(link)) return [];
  if (typeof link !== "string" || !URL.canParse(link)) {
    return [error(field, "The link is not a URL.", "Give the blob's https URL with a read SAS.")];
  }
  const url = new URL(link);
  const shown = linkForDisplay(url);
  const problems: Problem[] = [];
  if (hasSasOutsideQuery(url)) {
    problems.push(
      error(
        field,
        `The SAS query seems encoded into the path of ${shown} (an encoded ?, #, & or =, or a signature before the query); ${use.reader} would look for a blob of that name.`,
        "Append the SAS query to the blob URL after a literal question mark, not an encoded one (%3F): copy the SAS URL as the portal or `az storage blob generate-sas --full-uri` gives it.",
      ),
    );
  }
  if (url.protocol !== "https:") {
    problems.push(
      error(
        field,
        `${shown} is not https; ${use.reader} reads ${use.content} over https only.`,
        "Use the blob's https:// URL.",
      ),
    );
  }
  if (url.pathname.split("/").filter(Boolean).length < 2) {
    problems.push(
      error(
        field,
        `${shown} does not name a blob (container/blob).`,
        "Link to the blob itself, e.g. https://account.blob.core.windows.net/container/app.zip.",
      ),
    );
  }
  const query = url.searchParams;
  const isSas = query.has("sig") || query.has("sp") || query.has("sv");
  const fix = `Create a SAS with read (r) permission that is valid ${use.validUntil}.`;
  if (!isSas) {
    if (use.requireSas) {
      problems.push(
        error(
          field,
          `${shown} carries no SAS; ${use.reader} can read a private blob only through a SAS.`,
          `${fix} Append its query to the blob URL.`,
        ),
      );
    }
    return problems;
  }
  if (!query.has("sig")) {
    problems.push(error(field, `The SAS on ${shown} has no signature (sig).`, fix));
  }
  if (!(query.get("sp") ?? "").includes("r")) {
    problems.push(
      error(field, `The SAS on ${shown} does not grant read permission (sp has no r).`, fix),
    );
  }
  const expiry = query.get("se");
  if (expiry !== null && !Number.isNaN(Date.parse(expiry)) && Date.parse(expiry) <= now.getTime()) {
    problems.push(error(field, `The SAS on ${shown} expired at ${expiry}.`, fix));
  }
  return problems;
}

/**
 * Query material where only the host and blob path belong: an encoded (or double-encoded) ?, #,
 * & or =, a signature, or a raw separator. Blob names may hold %20 and the like, never these.
 */
const SAS_MATERIAL = /%25|%3f|%23|%26|%3d|sig=|[?#&=;\s]/i;

/** True when the host, path or user info of `url` may carry SAS material. */
export function hasSasOutsideQuery(url: URL): boolean {
  return (
    SAS_MATERIAL.test(`${url.host}${url.pathname}`) || url.username !== "" || url.password !== ""
  );
}

/** The link as messages show it: scheme, host and path, cut before anything that may be SAS. */
export function linkForDisplay(url: URL): string {
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  const cut = shown.slice(url.protocol.length + 2).search(SAS_MATERIAL);
  return cut < 0 ? shown : `${shown.slice(0, url.protocol.length + 2 + cut)}…`;
}
