/**
 * A resource group, package storage, a gallery, one Linux application and two versions of it,
 * replicated to two regions with replica counts recommended from the expected demand.
 *
 * Each version is built from its own folder: ./app-1.0.0 is the release already published,
 * ./app is the current source, released as 1.1.0 (its greeting names the VM and it answers
 * --version). A published version's content never changes, so the old release keeps its folder.
 *
 * Config (all optional):
 *   location         Azure region of everything (default westeurope)
 *   mediaLink        secret SAS URL of the 1.1.0 package already staged (e.g. on Azurite by
 *                    `npm run demo` or `vmapps stage examples/basic/app --format tar.gz ...`);
 *                    skips its upload
 *   mediaLink_1_0_0  the same for the 1.0.0 package, staged from ./app-1.0.0
 */
import { join } from "node:path";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
// Users of the published package write: from "pulumi-azure-vmapps"
import {
  AppGallery,
  PackageStorage,
  recipes,
  VmApplication,
  VmApplicationVersion,
} from "../../sdk";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

/** The package staged beforehand under the secret config `key`, else `folder`, staged here. */
function packageFrom(folder: string, key: string) {
  const preStagedLink = config.getSecret(key);
  return preStagedLink ? { mediaLink: preStagedLink } : { path: join(__dirname, folder) };
}

const group = new resources.ResourceGroup("vmapps-basic", { location });
const storage = new PackageStorage("packages", { resourceGroupName: group.name, location });
const gallery = new AppGallery("gallery", {
  resourceGroupName: group.name,
  location,
  name: "vmapps_basic",
  description: "VM applications published by the pulumi-azure-vmapps basic example",
});
const app = new VmApplication("hello-vmapps", {
  gallery,
  supportedOsType: "Linux",
  description: "Prints a greeting; shows a package delivered to VMs and scale sets",
});

const extract = recipes.linux.tarGz({ appName: "hello-vmapps", installDir: "/opt/hello-vmapps" });
const commands = {
  install: `${extract.install} && sh /opt/hello-vmapps/install.sh`,
  remove: `rm -f /usr/local/bin/hello-vmapps && ${extract.remove}`,
};
const regions = {
  [location]: { demand: { vms: 40 } },
  "North Europe": { demand: { scaleSets: [600] } },
};

const first = new VmApplicationVersion("hello-vmapps-1-0-0", {
  application: app,
  version: "1.0.0",
  storage,
  package: packageFrom("app-1.0.0", "mediaLink_1_0_0"),
  commands,
  regions,
});
const second = new VmApplicationVersion("hello-vmapps-1-1-0", {
  application: app,
  version: "1.1.0",
  storage,
  package: packageFrom("app", "mediaLink"),
  // VMs on 1.0.0 upgrade in place: unpack over the old files and install again.
  commands: { ...commands, update: commands.install },
  regions,
});

export const galleryName = gallery.galleryName;
export const applicationId = app.id;
export const versions = [first.version, second.version];
export const replicaPlan = second.replicaPlan;
export const blobType = second.blobType;
export const packageBlob = second.sourceBlobUrl;
export const sasExpiresOn = second.sasExpiresOn;
// For `vmapps status "$(pulumi stack output versionId)"` and `vmapps republish` after `pulumi up`.
export const versionId = second.id;
export const replicationStatus = second.replicationStatus;
