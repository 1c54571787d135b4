import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { type Problem, validateApplication } from "../../core";
import { unknownRegionProblems } from "../../core/shared/azureRegions";
import { ANY_VALUE, listOf, objectShape, unknownKeyProblems } from "../../core/shared/keys";
import { error } from "../../core/shared/problems";
import { ComponentProblems } from "../errors";
import { toArgumentField } from "../shared/fields";
import { known } from "../shared/known";
import { checkWhenResolved, gate, unknownOutput, whenPassed } from "../shared/late";
import { firstPlainProblems, plain } from "../shared/plain";
import { type GalleryIdParts, galleryIdProblems, parseGalleryId } from "../shared/resourceIds";
import { CUSTOM_ACTION, GALLERY_REF } from "../shared/shapes";
import type { CustomActionArgs, GalleryRef, OsType } from "../shared/types";
import { COMPONENT_TOKENS } from "../tokens";
import { rememberApplication } from "./facts";

const TYPE = COMPONENT_TOKENS.VmApplication;

export interface VmApplicationArgs {
  /**
   * The gallery holding the application: an `AppGallery`, or any object with its id, name,
   * resource group and location. Give exactly one of `gallery` and `galleryId`.
   * @default none
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
   */
  gallery?: GalleryRef;
  /**
   * Resource id of the gallery, for a gallery managed elsewhere. The location is read from it.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/galleries/get
   */
  galleryId?: pulumi.Input<string>;
  /**
   * Application name: 1..80 letters, digits, `.`, `_` and `-`. VMs see it as the package file
   * name unless a version sets `packageFileName`.
   * @default the component name
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#naming
   */
  name?: string;
  /**
   * "Linux" or "Windows".
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  supportedOsType: OsType;
  /**
   * Azure region of the application definition.
   * @default the gallery's location
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  location?: pulumi.Input<string>;
  /**
   * Description (updatable).
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  description?: pulumi.Input<string>;
  /**
   * End-user licence agreement.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  eula?: pulumi.Input<string>;
  /**
   * Privacy statement URI.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  privacyStatementUri?: pulumi.Input<string>;
  /**
   * Release notes URI.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  releaseNoteUri?: pulumi.Input<string>;
  /**
   * End of life date (ISO 8601), informational and updatable; a past date is a warning.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  endOfLifeDate?: pulumi.Input<string>;
  /**
   * Custom actions available with every version of the application.
   * @default []
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  customActions?: CustomActionArgs[];
}

/**
 * Every key of the arguments, at every depth; any other is refused (see core/shared/keys). Fields typed
 * plain are marked `plain`: an Output there is refused (shared/plain.ts).
 */
export const VM_APPLICATION_ARGS = objectShape<VmApplicationArgs>({
  gallery: GALLERY_REF,
  galleryId: ANY_VALUE,
  name: plain({ why: "the name names the Azure application, and versions are matched to it" }),
  supportedOsType: plain({
    why: "its versions read the OS before the deployment, to choose archive formats and check commands",
  }),
  location: ANY_VALUE,
  description: ANY_VALUE,
  eula: ANY_VALUE,
  privacyStatementUri: ANY_VALUE,
  releaseNoteUri: ANY_VALUE,
  endOfLifeDate: ANY_VALUE,
  customActions: listOf(CUSTOM_ACTION),
});

/** A VM application definition in a gallery; its versions are `VmApplicationVersion`s. */
export class VmApplication extends pulumi.ComponentResource {
  /** Resource id of the application definition. */
  public readonly id: pulumi.Output<string>;
  /** Application name. */
  public readonly applicationName: pulumi.Output<string>;
  /** Name of the gallery holding it. */
  public readonly galleryName: pulumi.Output<string>;
  /** Resource group of the gallery. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** Azure region of the application definition. */
  public readonly location: pulumi.Output<string>;
  /** "Linux" or "Windows". */
  public readonly supportedOsType: pulumi.Output<string>;

  constructor(name: string, args: VmApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    const report = new ComponentProblems(TYPE, name);
    const failed = report.stopBeforeRegistering(
      firstPlainProblems(args, VM_APPLICATION_ARGS) ?? validateVmApplication(name, args),
    );
    super(TYPE, name, {}, opts);
    report.registered(this);
    const passed = checkWhenResolved(
      args,
      ["gallery"],
      (resolved) => validateVmApplication(name, resolved),
      (problems) => report.stopWhenResolved(this, problems),
    );
    // Offline a component with errors registers with unknown outputs and no children, so the
    // program goes on; its Outputs are still checked above, so the plan lists every problem.
    if (failed) {
      this.id = unknownOutput();
      this.applicationName = unknownOutput();
      this.galleryName = unknownOutput();
      this.resourceGroupName = unknownOutput();
      this.location = unknownOutput();
      this.supportedOsType = unknownOutput();
      this.registerOutputs({});
      return;
    }

    const gallery =
      args.gallery ?? galleryFromId(args.galleryId as pulumi.Input<string>, this, passed);
    const application = new compute.GalleryApplication(
      `${name}-application`,
      {
        resourceGroupName: gallery.resourceGroupName,
        galleryName: gallery.galleryName,
        galleryApplicationName: args.name ?? name,
        location: args.location ?? gallery.location,
        supportedOSType: args.supportedOsType,
        description: args.description,
        eula: args.eula,
        privacyStatementUri: args.privacyStatementUri,
        releaseNoteUri: args.releaseNoteUri,
        endOfLifeDate: args.endOfLifeDate,
        customActions: args.customActions,
      },
      { parent: this, dependsOn: gate(passed) },
    );

    this.id = application.id;
    this.applicationName = application.name;
    this.galleryName = pulumi.output(gallery.galleryName);
    this.resourceGroupName = pulumi.output(gallery.resourceGroupName);
    this.location = application.location;
    this.supportedOsType = application.supportedOSType;
    rememberApplication(this, this.id, {
      name: args.name ?? name,
      os: known(args.supportedOsType),
    });
    this.registerOutputs({
      id: this.id,
      applicationName: this.applicationName,
      galleryName: this.galleryName,
      resourceGroupName: this.resourceGroupName,
      location: this.location,
      supportedOsType: this.supportedOsType,
    });
  }
}

/**
 * A gallery known only by id: names come from the id, the location from Azure, read once the id
 * passed its check.
 */
function galleryFromId(
  galleryId: pulumi.Input<string>,
  parent: pulumi.Resource,
  passed: pulumi.Output<true>,
): GalleryRef {
  const parts = whenPassed(passed, galleryId).apply((id) => parseGalleryId(id) as GalleryIdParts);
  const gallery = compute.getGalleryOutput(
    { resourceGroupName: parts.resourceGroupName, galleryName: parts.galleryName },
    { parent },
  );
  return {
    id: galleryId,
    galleryName: parts.galleryName,
    resourceGroupName: parts.resourceGroupName,
    location: gallery.location,
  };
}

function validateVmApplication(name: string, args: VmApplicationArgs): Problem[] {
  const problems = unknownKeyProblems(args, VM_APPLICATION_ARGS);
  if ((args.gallery === undefined) === (args.galleryId === undefined)) {
    problems.push(
      error(
        "gallery",
        args.gallery ? "Both gallery and galleryId are set." : "No gallery is given.",
        "Give exactly one of gallery (an AppGallery) and galleryId (a gallery resource id).",
      ),
    );
  }
  const galleryId = known(args.galleryId);
  if (galleryId !== undefined) problems.push(...galleryIdProblems(galleryId, "galleryId"));
  const application = {
    name: args.name ?? name,
    location: known(args.location),
    // Left out (not undefined) when not given, so plain JavaScript without it is told it is missing.
    ...(args.supportedOsType !== undefined && { supportedOSType: known(args.supportedOsType) }),
    description: known(args.description),
    eula: known(args.eula),
    privacyStatementUri: known(args.privacyStatementUri),
    releaseNoteUri: known(args.releaseNoteUri),
    endOfLifeDate: known(args.endOfLifeDate),
    customActions: args.customActions,
  };
  problems.push(...validateApplication(application).map(toArgumentField));
  if (typeof application.location === "string" && application.location.trim() !== "") {
    problems.push(...unknownRegionProblems(application.location, "location"));
  }
  return problems;
}
