/**
 * A Windows application delivered as an .msi, installed and removed with msiexec through
 * `recipes.windows.msi`. The .msi in ./package is a placeholder: put your installer there.
 *
 * Config (all optional): location (default westeurope), mediaLink (secret, pre-staged package).
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
const preStagedLink = config.getSecret("mediaLink");

const group = new resources.ResourceGroup("vmapps-msi", { location });
const storage = new PackageStorage("packages", { resourceGroupName: group.name, location });
const gallery = new AppGallery("gallery", {
  resourceGroupName: group.name,
  location,
  name: "vmapps_windows",
});
const app = new VmApplication("hello-msi", { gallery, supportedOsType: "Windows" });

// msiexec wants the .msi extension: download the package under that name.
const packageFileName = "hello.msi";
const commands = recipes.windows.msi({ appName: "hello-msi", packageFileName });

export const version = new VmApplicationVersion("hello-msi-1-0-0", {
  application: app,
  version: "1.0.0",
  storage,
  package: preStagedLink
    ? { mediaLink: preStagedLink }
    : { path: join(__dirname, "package", "hello-placeholder.msi") },
  packageFileName,
  commands,
  regions: {
    [location]: { demand: { vms: 60 } },
    "East US": { demand: { concurrentDownloads: 500 } },
  },
}).replicaPlan;
