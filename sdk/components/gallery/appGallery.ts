import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { type Problem, validateGallery } from "../../core";
import { unknownRegionProblems } from "../../core/shared/azureRegions";
import { ANY_VALUE, objectShape, unknownKeyProblems } from "../../core/shared/keys";
import { error } from "../../core/shared/problems";
import { ComponentProblems } from "../errors";
import { known } from "../shared/known";
import { checkWhenResolved, gate, unknownOutput, whenPassed } from "../shared/late";
import { defaultGalleryName } from "../shared/names";
import { firstPlainProblems, plain, plainShape } from "../shared/plain";
import { galleryIdProblems, parseGalleryId } from "../shared/resourceIds";
import { GallerySharing } from "../shared/types";
import { COMPONENT_TOKENS } from "../tokens";

const TYPE = COMPONENT_TOKENS.AppGallery;

/**
 * Public information shown when a gallery is shared with the community.
 * @see https://learn.microsoft.com/azure/virtual-machines/share-gallery-community
 */
export interface CommunityGalleryArgs {
  /** Publisher website, visible to everyone. */
  publisherUri: string;
  /** Publisher support e-mail, visible to everyone. */
  publisherContact: string;
  /** End-user licence agreement for the community gallery. @default none */
  eula?: string;
  /** Prefix of the public gallery name. */
  publicNamePrefix: string;
}

/**
 * Who may read the gallery besides its own subscription's RBAC.
 * @see https://learn.microsoft.com/azure/virtual-machines/share-gallery
 */
export interface GallerySharingArgs {
  /** "Private" (RBAC only), "Groups" (subscriptions / tenants) or "Community". */
  permissions: GallerySharing;
  /** Required when `permissions` is "Community". @default none */
  community?: CommunityGalleryArgs;
}

/** An existing gallery to use instead of creating one. */
export interface ExistingGalleryArgs {
  /**
   * Resource id: `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<name>`.
   * @see https://learn.microsoft.com/rest/api/compute/galleries/get
   */
  galleryId: pulumi.Input<string>;
}

export interface AppGalleryArgs {
  /**
   * Resource group of the new gallery. Not needed with `existing`.
   * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery
   */
  resourceGroupName?: pulumi.Input<string>;
  /**
   * Azure region of the gallery; application versions default to it.
   * @default the resource group's location
   * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery
   */
  location?: pulumi.Input<string>;
  /**
   * Gallery name: letters, digits, `.` and `_`, starting and ending alphanumeric, 1..80.
   * @default the component name with other characters turned into `_`
   * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#naming
   */
  name?: string;
  /**
   * Description (updatable).
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/galleries/create-or-update
   */
  description?: pulumi.Input<string>;
  /**
   * Sharing profile.
   * @default private (RBAC only)
   * @see https://learn.microsoft.com/azure/virtual-machines/share-gallery
   */
  sharing?: GallerySharingArgs;
  /**
   * Soft delete: deleted versions can be recovered within the retention time.
   * @default false
   * @see https://learn.microsoft.com/azure/virtual-machines/soft-delete-gallery
   */
  softDelete?: boolean;
  /**
   * Protect the gallery from `pulumi destroy` and from replacement. Deleting a gallery deletes
   * every application and version in it, on every VM that uses them. Set false (and run
   * `pulumi up` once) before destroying it. The resource option `protect` of the component
   * (`new AppGallery(name, args, { protect: false })`) is honoured the same way; this argument
   * wins when both are set.
   * @default the component's `protect` option, else true
   * @see https://www.pulumi.com/docs/iac/concepts/options/protect/
   */
  protect?: boolean;
  /**
   * Adopt an existing gallery by id; nothing is created and nothing deleted on destroy.
   * @default undefined (create a gallery)
   */
  existing?: ExistingGalleryArgs;
}

/**
 * Every key of the arguments, at every depth; any other is refused (see core/shared/keys). Fields typed
 * plain are marked `plain`: an Output there is refused (shared/plain.ts).
 */
export const APP_GALLERY_ARGS = objectShape<AppGalleryArgs>({
  resourceGroupName: ANY_VALUE,
  location: ANY_VALUE,
  name: plain({ why: "the name names the Azure gallery" }),
  description: ANY_VALUE,
  sharing: plainShape(
    objectShape<GallerySharingArgs>({
      // Checked once resolved: an Output here works (tests/components/galleryAndApplication).
      permissions: ANY_VALUE,
      community: objectShape<CommunityGalleryArgs>({
        publisherUri: ANY_VALUE,
        publisherContact: ANY_VALUE,
        eula: ANY_VALUE,
        publicNamePrefix: ANY_VALUE,
      }),
    }),
    {
      why: "sharing decides how the gallery is created and checked",
      fix: "Pass sharing as a plain object; its permissions may be an Output.",
    },
  ),
  softDelete: plain({
    why: "soft delete is checked against sharing before the gallery is created",
  }),
  protect: plain({ why: "protect is a resource option, read when the gallery is registered" }),
  existing: plainShape(objectShape<ExistingGalleryArgs>({ galleryId: ANY_VALUE }), {
    why: "existing decides whether a gallery is created or adopted",
    fix: "Pass existing as a plain object; its galleryId may be an Output.",
  }),
});

/** An Azure Compute Gallery for VM applications, protected from deletion by default. */
export class AppGallery extends pulumi.ComponentResource {
  /** Resource id of the gallery. */
  public readonly id: pulumi.Output<string>;
  /** Gallery name. */
  public readonly galleryName: pulumi.Output<string>;
  /** Resource group of the gallery. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** Azure region of the gallery. */
  public readonly location: pulumi.Output<string>;

  constructor(name: string, args: AppGalleryArgs, opts?: pulumi.ComponentResourceOptions) {
    const report = new ComponentProblems(TYPE, name);
    const failed = report.stopBeforeRegistering(
      firstPlainProblems(args, APP_GALLERY_ARGS) ?? validateAppGallery(name, args),
    );
    super(TYPE, name, {}, opts);
    report.registered(this);
    const passed = checkWhenResolved(
      args,
      [],
      (resolved) => validateAppGallery(name, resolved),
      (problems) => report.stopWhenResolved(this, problems),
    );
    // Offline a component with errors registers with unknown outputs and no children, so the
    // program goes on; its Outputs are still checked above, so the plan lists every problem.
    if (failed) {
      this.id = unknownOutput();
      this.galleryName = unknownOutput();
      this.resourceGroupName = unknownOutput();
      this.location = unknownOutput();
      this.registerOutputs({});
      return;
    }

    if (args.existing) {
      const galleryId = whenPassed(passed, args.existing.galleryId);
      const gallery = compute.Gallery.get(`${name}-gallery`, galleryId, { parent: this });
      this.id = gallery.id;
      this.galleryName = gallery.name;
      this.location = gallery.location;
      this.resourceGroupName = galleryId.apply((id) => parseGalleryId(id)?.resourceGroupName ?? "");
    } else {
      const gallery = new compute.Gallery(
        `${name}-gallery`,
        {
          resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
          location: args.location,
          galleryName: args.name ?? defaultGalleryName(name),
          description: args.description,
          sharingProfile: args.sharing && {
            permissions: args.sharing.permissions,
            communityGalleryInfo: communityInfo(args.sharing),
          },
          softDeletePolicy:
            args.softDelete === undefined ? undefined : { isSoftDeleteEnabled: args.softDelete },
        },
        { parent: this, protect: args.protect ?? opts?.protect ?? true, dependsOn: gate(passed) },
      );
      this.id = gallery.id;
      this.galleryName = gallery.name;
      this.location = gallery.location;
      this.resourceGroupName = pulumi.output(args.resourceGroupName as pulumi.Input<string>);
    }

    this.registerOutputs({
      id: this.id,
      galleryName: this.galleryName,
      resourceGroupName: this.resourceGroupName,
      location: this.location,
    });
  }
}

function validateAppGallery(name: string, args: AppGalleryArgs): Problem[] {
  const problems = unknownKeyProblems(args, APP_GALLERY_ARGS);
  if (args.existing) {
    const id = known(args.existing.galleryId);
    if (id !== undefined) problems.push(...galleryIdProblems(id, "existing.galleryId"));
    return problems;
  }
  if (args.resourceGroupName === undefined || known(args.resourceGroupName) === "") {
    problems.push(
      error(
        "resourceGroupName",
        "A new gallery needs a resource group.",
        "Set resourceGroupName, or adopt an existing gallery with existing.galleryId.",
      ),
    );
  }
  const permissions: unknown = args.sharing?.permissions;
  const allowed: readonly unknown[] = Object.values(GallerySharing);
  const stillUnknown = pulumi.Output.isInstance(permissions) || permissions instanceof Promise;
  if (args.sharing !== undefined && !stillUnknown && !allowed.includes(permissions)) {
    problems.push(
      error(
        "sharing.permissions",
        `${JSON.stringify(permissions) ?? "undefined"} is not a gallery sharing permission.`,
        `Use one of ${allowed.map((value) => `"${value}"`).join(", ")}; leave sharing out for a private gallery.`,
      ),
    );
  }
  if (args.sharing?.permissions === GallerySharing.Community && !args.sharing.community) {
    problems.push(
      error(
        "sharing.community",
        "A community gallery needs its public publisher information.",
        "Set sharing.community with publisherUri, publisherContact and publicNamePrefix.",
      ),
    );
  }
  const location = known(args.location);
  problems.push(
    ...validateGallery({
      name: args.name ?? defaultGalleryName(name),
      location,
      description: known(args.description),
    }),
  );
  if (typeof location === "string" && location.trim() !== "") {
    problems.push(...unknownRegionProblems(location, "location"));
  }
  return problems;
}

/** Azure takes community information only with "Community" sharing; never sent otherwise. */
function communityInfo(
  sharing: GallerySharingArgs,
): pulumi.Input<CommunityGalleryArgs> | undefined {
  const permissions = known(sharing.permissions as pulumi.Input<string>);
  if (permissions !== undefined) {
    return permissions === "Community" ? sharing.community : undefined;
  }
  const community = pulumi.output(sharing.community);
  return pulumi
    .all([pulumi.output(sharing.permissions as pulumi.Input<string>), community])
    .apply(([value, info]) => (value === "Community" ? info : undefined)) as pulumi.Output<
    CommunityGalleryArgs | undefined
  > as pulumi.Input<CommunityGalleryArgs>;
}
