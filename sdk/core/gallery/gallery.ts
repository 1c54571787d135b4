import {
  GALLERY_NAME_PATTERN,
  isKnown,
  isMissing,
  missing,
  resourceNameProblems,
} from "../shared/fields";
import type { Problem } from "../shared/problems";

/** An Azure Compute Gallery in the azure-native shape. */
export interface GalleryShape {
  name?: string;
  location?: string;
  description?: string;
}

export function validateGallery(gallery: GalleryShape): Problem[] {
  const problems: Problem[] = [];
  if (isMissing(gallery, "name")) {
    problems.push(missing("name", "The gallery name", "Name the gallery, e.g. my_gallery."));
  }
  problems.push(
    ...resourceNameProblems(
      gallery.name,
      GALLERY_NAME_PATTERN,
      "letters, digits, periods and underscores (no hyphens)",
      "name",
      "Gallery name",
    ),
  );
  if (isKnown(gallery.location) && gallery.location.trim() === "") {
    problems.push(missing("location", "The location", "Set the Azure region, e.g. westeurope."));
  }
  return problems;
}
