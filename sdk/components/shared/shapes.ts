/**
 * Shapes (sdk/core/shared/keys.ts) of the argument types every component shares: refs to a gallery,
 * an application or staging storage, and custom actions. Each component declares the shape of
 * its own arguments next to their interfaces, typed against them, so a key added to an
 * interface but not to its shape (or the reverse) fails the type check.
 */
import { ANY_VALUE, listOf, objectShape } from "../../core/shared/keys";
import type {
  ApplicationRef,
  CustomActionArgs,
  CustomActionParameterArgs,
  GalleryRef,
  StorageRef,
} from "./types";

/**
 * A ref may be the outputs of the component it stands for, as another stack exports them
 * (`new StackReference(…).getOutput("app")`): those outputs and the `urn` are not typos.
 */
const COMPONENT_OUTPUTS = ["urn"];

export const GALLERY_REF = objectShape<GalleryRef>(
  {
    id: ANY_VALUE,
    galleryName: ANY_VALUE,
    resourceGroupName: ANY_VALUE,
    location: ANY_VALUE,
  },
  { ignored: COMPONENT_OUTPUTS },
);

export const APPLICATION_REF = objectShape<ApplicationRef>(
  {
    id: ANY_VALUE,
    applicationName: ANY_VALUE,
    galleryName: ANY_VALUE,
    resourceGroupName: ANY_VALUE,
    location: ANY_VALUE,
    supportedOsType: ANY_VALUE,
  },
  { ignored: COMPONENT_OUTPUTS },
);

export const STORAGE_REF = objectShape<StorageRef>(
  {
    accountName: ANY_VALUE,
    containerName: ANY_VALUE,
    blobEndpoint: ANY_VALUE,
    connectionString: ANY_VALUE,
    caCert: ANY_VALUE,
  },
  // PackageStorage also outputs its account id and resource group, which staging does not use.
  { ignored: [...COMPONENT_OUTPUTS, "id", "resourceGroupName"] },
);

export const CUSTOM_ACTION = objectShape<CustomActionArgs>({
  name: ANY_VALUE,
  script: ANY_VALUE,
  description: ANY_VALUE,
  parameters: listOf(
    objectShape<CustomActionParameterArgs>({
      name: ANY_VALUE,
      required: ANY_VALUE,
      type: ANY_VALUE,
      defaultValue: ANY_VALUE,
      description: ANY_VALUE,
    }),
  ),
});
