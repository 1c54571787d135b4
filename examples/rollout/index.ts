/**
 * The application of examples/basic, published in two versions and installed on a scale set of
 * 4 Ubuntu instances. Changing the version the scale set installs updates it in place, and Azure
 * rolls the change out one instance at a time (rolloutPolicy: Rolling mode, judged by the
 * Application Health extension), stopping and rolling failed instances back at the first
 * unhealthy one.
 *
 *   1. `pulumi up`: the scale set installs 1.1.0.
 *   2. `pulumi config set rolledBack true`, `pulumi up`: 1.1.0 is excluded from "latest" and the
 *      scale set goes back to 1.0.0, one instance at a time.
 *
 * Config (all optional):
 *   location    Azure region of everything (default westeurope)
 *   rolledBack  true rolls 1.1.0 back (default false)
 *   instances   scale set capacity (default 4)
 */
import { join } from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
// Users of the published package write: from "pulumi-azure-vmapps"
import {
  AppGallery,
  applicationProfile,
  PackageStorage,
  recipes,
  rolloutPolicy,
  VmApplication,
  VmApplicationVersion,
} from "../../sdk";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const rolledBack = config.getBoolean("rolledBack") ?? false;
const instances = config.getNumber("instances") ?? 4;

const group = new resources.ResourceGroup("vmapps-rollout", { location });
const storage = new PackageStorage("packages", { resourceGroupName: group.name, location });
const gallery = new AppGallery("gallery", {
  resourceGroupName: group.name,
  location,
  name: "vmapps_rollout",
});
const app = new VmApplication("hello-vmapps", { gallery, supportedOsType: "Linux" });

const extract = recipes.linux.tarGz({ appName: "hello-vmapps", installDir: "/opt/hello-vmapps" });
const commands = {
  install: `${extract.install} && sh /opt/hello-vmapps/install.sh`,
  remove: `rm -f /usr/local/bin/hello-vmapps && ${extract.remove}`,
};
// One scale-set deployment of `instances` at a time: the replicas follow from it.
const regions = { [location]: { demand: { scaleSets: [instances] } } };

// The two releases of examples/basic, each from its own folder.
const previous = new VmApplicationVersion("hello-vmapps-1-0-0", {
  application: app,
  version: "1.0.0",
  storage,
  package: { path: join(__dirname, "..", "basic", "app-1.0.0") },
  commands,
  regions,
});
const current = new VmApplicationVersion("hello-vmapps-1-1-0", {
  application: app,
  version: "1.1.0",
  storage,
  package: { path: join(__dirname, "..", "basic", "app") },
  commands: { ...commands, update: commands.install },
  regions,
  // One line rolls it back: hidden from "latest", and every profile below installs 1.0.0.
  rolledBack,
});

const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: group.name,
  location,
  addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
});
const subnet = new network.Subnet("instances", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.40.1.0/24",
});
const adminPassword = new random.RandomPassword("admin", { length: 24, special: true });

const scaleSet = new compute.VirtualMachineScaleSet("web", {
  resourceGroupName: group.name,
  location,
  sku: { name: "Standard_B1s", tier: "Standard", capacity: instances },
  overprovision: false,
  // One instance at a time (1 of 4 → 25%); stop at the first unhealthy instance and put the
  // failed ones back on the previous model.
  upgradePolicy: rolloutPolicy({
    maxConcurrent: 1,
    instances,
    failFast: true,
    rollbackOnFailure: true,
    pauseBetweenBatches: "PT1M",
  }),
  virtualMachineProfile: {
    storageProfile: {
      imageReference: {
        publisher: "Canonical",
        offer: "ubuntu-24_04-lts",
        sku: "server",
        version: "latest",
      },
      osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Standard_LRS" } },
    },
    osProfile: {
      computerNamePrefix: "hello",
      adminUsername: "vmapps",
      adminPassword: adminPassword.result,
    },
    networkProfile: {
      networkInterfaceConfigurations: [
        {
          name: "nic",
          primary: true,
          ipConfigurations: [{ name: "ip", subnet: { id: subnet.id } }],
        },
      ],
    },
    // Rolling mode needs a health signal: the Application Health extension. It probes sshd
    // here; point it at your application's own endpoint, so a broken install reads unhealthy.
    extensionProfile: {
      extensions: [
        {
          name: "health",
          publisher: "Microsoft.ManagedServices",
          type: "ApplicationHealthLinux",
          typeHandlerVersion: "2.0",
          autoUpgradeMinorVersion: true,
          settings: { protocol: "tcp", port: 22 },
        },
      ],
    },
    applicationProfile: applicationProfile(
      {
        applications: [{ version: current, order: 1 }],
        osType: "Linux",
        location,
      },
      { name: "web-apps" },
    ),
  },
});

export const scaleSetName = scaleSet.name;
export const upgradePolicy = scaleSet.upgradePolicy;
/**
 * The version the scale set installs: 1.1.0, or 1.0.0 once rolledBack. (The profile is secret as
 * a whole, for the admin password in it; the version numbers are not.)
 */
export const installs = pulumi
  .unsecret(scaleSet.virtualMachineProfile)
  .apply((profile) =>
    profile?.applicationProfile?.galleryApplications?.map((app) =>
      app.packageReferenceId.split("/").pop(),
    ),
  );
export const versions = [previous.version, current.version];
