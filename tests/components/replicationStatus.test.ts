/**
 * VmApplicationVersion's replicationStatus output (read after publishing with
 * $expand=ReplicationStatus) and the size and MD5 tags that let `vmapps republish` check a blob.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MockCallArgs } from "@pulumi/pulumi/runtime";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import { freshRuntime, resolved, SAS_QUERY, VERSION } from "./harness";

const work = mkdtempSync(join(tmpdir(), "vmapps-status-"));
after(() => rmSync(work, { recursive: true, force: true }));
const packageFile = join(work, "hello.tar.gz");
writeFileSync(packageFile, Buffer.alloc(3000, 7));
const commands = { install: "tar -xzf hello -C /opt", remove: "rm -rf /opt/hello" };

async function publish(
  call?: (args: MockCallArgs) => Record<string, unknown> | undefined,
  source: "staged" | "link" = "staged",
) {
  const calls: MockCallArgs[] = [];
  const h = await freshRuntime({
    call: (args) => {
      calls.push(args);
      return call?.(args);
    },
  });
  const gallery = new AppGallery("g", {
    resourceGroupName: "rg",
    name: "apps",
    location: "westeurope",
  });
  const storage = new PackageStorage("s", { resourceGroupName: "rg" });
  const app = new VmApplication("hello", { gallery, supportedOsType: "Linux" });
  const version = new VmApplicationVersion("v", {
    application: app,
    version: "1.0.0",
    ...(source === "staged"
      ? { storage, package: { path: packageFile } }
      : {
          package: { mediaLink: `https://acct.blob.core.windows.net/p/hello.tar.gz?${SAS_QUERY}` },
        }),
    commands,
    regions: { westeurope: { replicas: 1 }, eastus: { replicas: 2 } },
  });
  return { h, version, calls };
}

describe("VmApplicationVersion replicationStatus", () => {
  it("reads the published version with $expand=ReplicationStatus and maps it", async () => {
    const { version, calls } = await publish((args) =>
      args.token === "azure-native:compute:getGalleryApplicationVersion"
        ? {
            replicationStatus: {
              aggregatedState: "Failed",
              summary: [
                { region: "West Europe", state: "Completed", progress: 100, details: "" },
                { region: "East US", state: "Failed", progress: 0, details: "Blob not readable." },
              ],
            },
            publishingProfile: { targetRegions: [{ name: "West Europe" }, { name: "East US" }] },
          }
        : undefined,
    );
    assert.deepEqual(await resolved(version.replicationStatus), {
      state: "PartiallyAvailable",
      regions: [
        { region: "West Europe", state: "Completed", progress: 100, details: "" },
        { region: "East US", state: "Failed", progress: 0, details: "Blob not readable." },
      ],
    });
    const read = calls.find((c) => c.token === "azure-native:compute:getGalleryApplicationVersion");
    assert.deepEqual(
      {
        ...read?.inputs,
      },
      {
        resourceGroupName: "rg",
        galleryName: "apps",
        galleryApplicationName: "hello",
        galleryApplicationVersionName: "1.0.0",
        expand: "ReplicationStatus",
      },
    );
  });

  it("no status in the answer reads as Unknown, listing the target regions", async () => {
    const { version } = await publish((args) =>
      args.token === "azure-native:compute:getGalleryApplicationVersion"
        ? { publishingProfile: { targetRegions: [{ name: "westeurope" }] } }
        : undefined,
    );
    assert.deepEqual(await resolved(version.replicationStatus), {
      state: "Unknown",
      regions: [{ region: "westeurope", state: "Unknown", details: "" }],
    });
  });

  it("records the staged package's size and MD5 as tags on the version", async () => {
    const { h, version } = await publish();
    await resolved(version.replicationStatus);
    await h.settle();
    assert.deepEqual(h.one(VERSION).inputs.tags, {
      "vmapps.packageBytes": "4096",
      "vmapps.packageMd5": "q83vEjRWeJA=",
    });
  });

  it("a version given a link records nothing: there is no staged blob to vouch for", async () => {
    const { h, version } = await publish(undefined, "link");
    await resolved(version.replicationStatus);
    await h.settle();
    assert.equal(h.one(VERSION).inputs.tags, undefined);
  });
});
