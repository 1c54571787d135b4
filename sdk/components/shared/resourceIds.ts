/**
 * Azure resource ids the components accept (gallery, application, blob container): parsed into
 * their names, or a problem that shows the expected form. Pure: no @pulumi import.
 */
import { error, type Problem } from "../../core/shared/problems";

export interface GalleryIdParts {
  resourceGroupName: string;
  galleryName: string;
}

export interface ApplicationIdParts extends GalleryIdParts {
  applicationName: string;
}

export interface ContainerIdParts {
  resourceGroupName: string;
  accountName: string;
  containerName: string;
}

const GALLERY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)$/i;
const APPLICATION_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/applications\/([^/]+)$/i;
const CONTAINER_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/blobServices\/default\/containers\/([^/]+)$/i;

const GALLERY_ID_EXAMPLE =
  "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<gallery>";
const APPLICATION_ID_EXAMPLE = `${GALLERY_ID_EXAMPLE}/applications/<application>`;
const CONTAINER_ID_EXAMPLE =
  "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>";

export function parseGalleryId(id: string): GalleryIdParts | undefined {
  const match = GALLERY_ID.exec(id.trim());
  return match?.[1] && match[2]
    ? { resourceGroupName: match[1], galleryName: match[2] }
    : undefined;
}

export function parseApplicationId(id: string): ApplicationIdParts | undefined {
  const match = APPLICATION_ID.exec(id.trim());
  return match?.[1] && match[2] && match[3]
    ? { resourceGroupName: match[1], galleryName: match[2], applicationName: match[3] }
    : undefined;
}

export function parseContainerId(id: string): ContainerIdParts | undefined {
  const match = CONTAINER_ID.exec(id.trim());
  return match?.[1] && match[2] && match[3]
    ? { resourceGroupName: match[1], accountName: match[2], containerName: match[3] }
    : undefined;
}

/** One problem when `id` did not parse as a resource id of `kind`; the fix shows `example`. */
function idProblems(
  parsed: unknown,
  id: string,
  field: string,
  kind: string,
  example: string,
): Problem[] {
  return parsed ? [] : [error(field, `"${id}" is not a ${kind} resource id.`, `Use ${example}.`)];
}

export function galleryIdProblems(id: string, field: string): Problem[] {
  return idProblems(parseGalleryId(id), id, field, "gallery", GALLERY_ID_EXAMPLE);
}

export function applicationIdProblems(id: string, field: string): Problem[] {
  return idProblems(
    parseApplicationId(id),
    id,
    field,
    "gallery application",
    APPLICATION_ID_EXAMPLE,
  );
}

export function containerIdProblems(id: string, field: string): Problem[] {
  return idProblems(parseContainerId(id), id, field, "blob container", CONTAINER_ID_EXAMPLE);
}

/** The storage account id a container id belongs to. */
export function accountIdOfContainer(containerId: string): string {
  return containerId.trim().replace(/\/blobServices\/default\/containers\/[^/]+$/i, "");
}

/** An application version or an image version: the two versioned gallery artifacts. */
export type GalleryVersionKind = "application" | "image";

export interface GalleryVersionIdParts {
  kind: GalleryVersionKind;
  subscriptionId: string;
  resourceGroupName: string;
  galleryName: string;
  /** The application's or the image definition's name. */
  definitionName: string;
  versionName: string;
}

const VERSION_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/(applications|images)\/([^/]+)\/versions\/([^/]+)$/i;

export const VERSION_ID_EXAMPLE = `${GALLERY_ID_EXAMPLE}/applications/<application>/versions/<version> (or …/images/<image>/versions/<version>)`;

/** An application-version or image-version resource id, as `pulumi stack output` prints it. */
export function parseGalleryVersionId(id: string): GalleryVersionIdParts | undefined {
  const match = VERSION_ID.exec(id.trim().replace(/\/+$/, ""));
  if (!match) return undefined;
  const [, subscriptionId, resourceGroupName, galleryName, kind, definitionName, versionName] =
    match as unknown as string[];
  return {
    kind: kind?.toLowerCase() === "images" ? "image" : "application",
    subscriptionId: subscriptionId as string,
    resourceGroupName: resourceGroupName as string,
    galleryName: galleryName as string,
    definitionName: definitionName as string,
    versionName: versionName as string,
  };
}
