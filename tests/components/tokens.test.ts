/**
 * Type tokens are written once (sdk/components/tokens.ts); what the engine records must be them,
 * since the CLI's report reads resources back by these tokens.
 */
import assert from "node:assert/strict";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import { COMPONENT_TOKENS, DYNAMIC_TYPES } from "../../sdk/components/tokens";
import { freshRuntime, SAS_QUERY } from "./harness";

describe("type tokens", () => {
  it("are the types every component and dynamic resource registers", async () => {
    const h = await freshRuntime();
    const gallery = new AppGallery("g", { resourceGroupName: "rg", location: "eastus" });
    const storage = new PackageStorage("s", { resourceGroupName: "rg" });
    const application = new VmApplication("a", { gallery, supportedOsType: "Linux" });
    new VmApplicationVersion("v", {
      application,
      version: "1.0.0",
      storage,
      package: { mediaLink: `https://acct.blob.core.windows.net/c/app.tar.gz?${SAS_QUERY}` },
      commands: { install: "install", remove: "remove" },
      regions: {},
    });
    await h.settle();
    const types = new Set(h.resources.map((r) => r.type));
    for (const token of Object.values(COMPONENT_TOKENS)) assert.ok(types.has(token), token);
    assert.ok(types.has(DYNAMIC_TYPES.VersionGuard.token), DYNAMIC_TYPES.VersionGuard.token);
    // StagedBlob registers from staging, with the same module and type names.
    assert.equal(DYNAMIC_TYPES.StagedBlob.token, "pulumi-nodejs:dynamic/vmapps:StagedBlob");
  });
});
