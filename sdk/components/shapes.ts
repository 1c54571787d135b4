/**
 * The keys of every component argument object, at every depth, in one place. Each shape is typed
 * against its interface (`objectShape<XArgs>` takes exactly the keys of XArgs, and a nested
 * interface needs its own shape), so a key added to an interface but not here, or the reverse,
 * fails the type check. The components report any other key before registering anything
 * (sdk/core/keys.ts): a misspelled key would otherwise be ignored without a word.
 */
import { ANY_VALUE, type KeysOf, listOf, mapOf, type ObjectShape, objectShape } from "../core/keys";
import { DEMAND_SHAPE } from "../core/replicas";
import { outsideRegionsHint, REGION_SHAPE } from "../core/replication";
import type {
  AppGalleryArgs,
  CommunityGalleryArgs,
  ExistingGalleryArgs,
  GallerySharingArgs,
} from "./appGallery";
import type { ExistingContainerArgs, PackageStorageArgs } from "./packageStorage";
import type {
  ApplicationRef,
  CustomActionArgs,
  CustomActionParameterArgs,
  GalleryRef,
  StorageRef,
} from "./types";
import type { VmApplicationArgs } from "./vmApplication";
import type {
  ConfigSourceArgs,
  ManageCommandsArgs,
  PackageSourceArgs,
  RegionArgs,
  ReplicaDemandArgs,
  SasRenewalArgs,
  VmApplicationVersionArgs,
} from "./vmApplicationVersion";

/**
 * A ref may be the outputs of the component it stands for, as another stack exports them
 * (`new StackReference(…).getOutput("app")`): those outputs and the `urn` are not typos.
 */
const COMPONENT_OUTPUTS = ["urn"];

const GALLERY_REF = objectShape<GalleryRef>(
  {
    id: ANY_VALUE,
    galleryName: ANY_VALUE,
    resourceGroupName: ANY_VALUE,
    location: ANY_VALUE,
  },
  { ignored: COMPONENT_OUTPUTS },
);

const APPLICATION_REF = objectShape<ApplicationRef>(
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

const STORAGE_REF = objectShape<StorageRef>(
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

const CUSTOM_ACTION = objectShape<CustomActionArgs>({
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

export const APP_GALLERY_ARGS = objectShape<AppGalleryArgs>({
  resourceGroupName: ANY_VALUE,
  location: ANY_VALUE,
  name: ANY_VALUE,
  description: ANY_VALUE,
  sharing: objectShape<GallerySharingArgs>({
    permissions: ANY_VALUE,
    community: objectShape<CommunityGalleryArgs>({
      publisherUri: ANY_VALUE,
      publisherContact: ANY_VALUE,
      eula: ANY_VALUE,
      publicNamePrefix: ANY_VALUE,
    }),
  }),
  softDelete: ANY_VALUE,
  protect: ANY_VALUE,
  existing: objectShape<ExistingGalleryArgs>({ galleryId: ANY_VALUE }),
});

export const PACKAGE_STORAGE_ARGS = objectShape<PackageStorageArgs>({
  resourceGroupName: ANY_VALUE,
  location: ANY_VALUE,
  accountNamePrefix: ANY_VALUE,
  sku: ANY_VALUE,
  allowSharedKeyAccess: ANY_VALUE,
  containerName: ANY_VALUE,
  existing: objectShape<ExistingContainerArgs>({ containerId: ANY_VALUE }),
});

export const VM_APPLICATION_ARGS = objectShape<VmApplicationArgs>({
  gallery: GALLERY_REF,
  galleryId: ANY_VALUE,
  name: ANY_VALUE,
  supportedOsType: ANY_VALUE,
  location: ANY_VALUE,
  description: ANY_VALUE,
  eula: ANY_VALUE,
  privacyStatementUri: ANY_VALUE,
  releaseNoteUri: ANY_VALUE,
  endOfLifeDate: ANY_VALUE,
  customActions: listOf(CUSTOM_ACTION),
});

/**
 * A region entry is what the replica planner reads (one rule for components, fleet files and
 * the planner's own callers); these declarations hold its keys equal to RegionArgs' and
 * ReplicaDemandArgs'.
 */
const REGION_ARGS: ObjectShape<keyof RegionArgs> = REGION_SHAPE;
export const DEMAND_ARGS: ObjectShape<keyof ReplicaDemandArgs> = DEMAND_SHAPE;

const VERSION_KEYS = {
  application: APPLICATION_REF,
  applicationId: ANY_VALUE,
  version: ANY_VALUE,
  location: ANY_VALUE,
  storage: STORAGE_REF,
  package: objectShape<PackageSourceArgs>({
    path: ANY_VALUE,
    mediaLink: ANY_VALUE,
    archiveFormat: ANY_VALUE,
    allowPadding: ANY_VALUE,
  }),
  config: objectShape<ConfigSourceArgs>({
    path: ANY_VALUE,
    link: ANY_VALUE,
    archiveFormat: ANY_VALUE,
  }),
  commands: objectShape<ManageCommandsArgs>({
    install: ANY_VALUE,
    remove: ANY_VALUE,
    update: ANY_VALUE,
  }),
  packageFileName: ANY_VALUE,
  configFileName: ANY_VALUE,
  scriptBehaviorAfterReboot: ANY_VALUE,
  // Settings for the extension, named by Azure, not by this package: any key may be right.
  advancedSettings: ANY_VALUE,
  enableHealthCheck: ANY_VALUE,
  customActions: listOf(CUSTOM_ACTION),
  excludeFromLatest: ANY_VALUE,
  endOfLifeDate: ANY_VALUE,
  storageAccountType: ANY_VALUE,
  replicationMode: ANY_VALUE,
  allowDeletionOfReplicatedLocations: ANY_VALUE,
  regions: mapOf(REGION_ARGS),
  blobType: ANY_VALUE,
  sas: objectShape<SasRenewalArgs>({ validForDays: ANY_VALUE, renewWithinDays: ANY_VALUE }),
} satisfies KeysOf<VmApplicationVersionArgs>;

/** `replicas: 5` or `westeurope: {…}` beside `regions` get a fix that moves them inside. */
export const VERSION_ARGS = objectShape<VmApplicationVersionArgs>(VERSION_KEYS, {
  hint: outsideRegionsHint(Object.keys(VERSION_KEYS)),
});
