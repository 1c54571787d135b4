import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { VmApplicationVersionArgs } from "../../sdk/components/application/versionArgs";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import {
  APP_ID,
  type Captured,
  existingIn,
  freshRuntime,
  GUARD,
  type Harness,
  plainStrings,
  resolved,
  SAS_QUERY,
  STAGED,
  STAGED_SHA256,
  SUBSCRIPTION,
  secretPaths,
  VERSION,
} from "./harness";

const work = mkdtempSync(join(tmpdir(), "vmapps-components-"));
after(() => rmSync(work, { recursive: true, force: true }));
const packageFile = join(work, "hello.tar.gz");
writeFileSync(packageFile, Buffer.alloc(3000, 7));
const packageFolder = join(work, "hello");
mkdirSync(packageFolder);
writeFileSync(join(packageFolder, "install.sh"), "#!/bin/sh\necho hello > /opt/hello\n");

const commands = { install: "tar -xzf hello -C /opt", remove: "rm -rf /opt/hello" };

interface Setup {
  h: Harness;
  storage: PackageStorage;
  app: VmApplication;
  /** Version 1.0.0 of `app` staged from `packageFile` by `storage`, plus the test's own args. */
  publish(
    args: Partial<VmApplicationVersionArgs> & Pick<VmApplicationVersionArgs, "regions">,
  ): VmApplicationVersion;
}

async function setup(os: "Linux" | "Windows" = "Linux"): Promise<Setup> {
  const h = await freshRuntime();
  const gallery = new AppGallery("g", {
    resourceGroupName: "rg",
    name: "apps",
    location: "westeurope",
  });
  const storage = new PackageStorage("s", { resourceGroupName: "rg" });
  const app = new VmApplication("hello", { gallery, supportedOsType: os });
  const publish: Setup["publish"] = (args) =>
    new VmApplicationVersion("v", {
      application: app,
      version: "1.0.0",
      storage,
      package: { path: packageFile },
      commands,
      ...args,
    });
  return { h, storage, app, publish };
}

function profile(version: Captured): Record<string, unknown> {
  return version.inputs.publishingProfile as Record<string, unknown>;
}

function errorFields(err: unknown): string[] {
  assert.ok(err instanceof VmAppsComponentError, `expected VmAppsComponentError, got ${err}`);
  return err.problems.filter((p) => p.severity === "error").map((p) => p.field);
}

describe("VmApplicationVersion", () => {
  it("plans target regions from demand: location added first, names normalised, replicas per region", async () => {
    const { h, storage, app } = await setup();
    const version = new VmApplicationVersion("hello-1-0-0", {
      application: app,
      version: "1.0.0",
      location: "North Europe",
      storage,
      package: { path: packageFile },
      commands,
      regions: {
        "West Europe": { demand: { vms: 40 } },
        "East US": { demand: { scaleSets: [600, 600] } },
      },
    });
    const plan = await resolved(version.replicaPlan);
    await h.settle();

    const created = h.one(VERSION);
    assert.equal(created.name, "hello-1-0-0-version");
    assert.equal(created.parent, h.one("vmapps:index:VmApplicationVersion").urn);
    assert.equal(created.inputs.galleryApplicationVersionName, "1.0.0");
    assert.equal(created.inputs.galleryApplicationName, "hello");
    assert.equal(created.inputs.galleryName, "apps");
    assert.equal(created.inputs.resourceGroupName, "rg");
    assert.equal(created.inputs.location, "North Europe");
    assert.deepEqual(profile(created).targetRegions, [
      { name: "northeurope", regionalReplicaCount: 1 },
      { name: "westeurope", regionalReplicaCount: 2 },
      { name: "eastus", regionalReplicaCount: 2 },
    ]);
    assert.deepEqual(profile(created).manageActions, commands);
    assert.deepEqual(created.inputs.safetyProfile, { allowDeletionOfReplicatedLocations: true });
    assert.deepEqual(
      plan.map((p) => [
        p.region,
        p.replicas,
        p.source,
        p.decidedBy,
        p.addedBecauseLocation ?? false,
      ]),
      [
        ["northeurope", 1, "default", "minimum", true],
        ["westeurope", 2, "demand", "vms", false],
        ["eastus", 2, "demand", "scale-sets", false],
      ],
    );
    assert.ok(
      plan[1]?.reasons.some((r) => /20/.test(r)),
      "the 1-per-20-VMs rule is named",
    );
    assert.equal(await resolved(version.blobType), "block");
    assert.equal(h.one(STAGED).inputs.blobType, "block");
  });

  it("switches the package to a page blob when a region wants more than 3 replicas", async () => {
    const { h, publish } = await setup();
    const version = publish({ location: "eastus", regions: { eastus: { demand: { vms: 120 } } } });
    assert.equal(await resolved(version.blobType), "page");
    await h.settle();
    assert.equal(h.one(STAGED).inputs.blobType, "page");
    assert.deepEqual(profile(h.one(VERSION)).targetRegions, [
      { name: "eastus", regionalReplicaCount: 6 },
    ]);
  });

  it("lets an explicit replica count win over demand, and says so", async () => {
    const { h, publish } = await setup();
    const version = publish({
      location: "westeurope",
      regions: { westeurope: { replicas: 2, demand: { vms: 200 } } },
    });
    const [region] = await resolved(version.replicaPlan);
    assert.equal(region?.replicas, 2);
    assert.equal(region?.source, "explicit");
    assert.equal(region?.decidedBy, "explicit");
    await h.settle();
    assert.deepEqual(profile(h.one(VERSION)).targetRegions, [
      { name: "westeurope", regionalReplicaCount: 2 },
    ]);
  });

  it("defaults the location to the application's and stages from storage with the OS's archive format", async () => {
    const { h, storage, app } = await setup("Windows");
    new VmApplicationVersion("v", {
      application: app,
      version: "2.0.0",
      storage,
      package: { path: packageFolder },
      commands: { install: "install.cmd", remove: "remove.cmd" },
      regions: { eastus: { replicas: 1 } },
    });
    await h.settle();
    const created = h.one(VERSION);
    assert.equal(created.inputs.location, "westeurope");
    assert.deepEqual(
      (profile(created).targetRegions as Array<{ name: string }>).map((r) => r.name),
      ["westeurope", "eastus"],
    );
    const staged = h.one(STAGED);
    assert.equal(staged.name, "v-package");
    assert.equal(staged.inputs.archiveFormat, "zip");
    assert.equal(staged.inputs.kind, "package");
    assert.equal(staged.inputs.accountName, "vmapps1mnulibg");
    assert.equal(staged.inputs.containerName, "packages");
    assert.equal(staged.parent, h.one("vmapps:index:VmApplicationVersion").urn);
  });

  it("keeps every SAS secret: component output, version input, state outputs; no SAS in any plain input", async () => {
    const { h, publish } = await setup();
    const version = publish({
      location: "westeurope",
      config: { path: packageFile },
      regions: { westeurope: {} },
    });
    assert.equal(await pulumi.isSecret(version.mediaLink), true);
    assert.equal(await pulumi.isSecret(version.sourceBlobUrl), false);
    assert.doesNotMatch(await resolved(version.sourceBlobUrl), /\?/);
    await h.settle();

    const created = h.one(VERSION);
    assert.match(String((profile(created).source as Record<string, unknown>).mediaLink), /sig=/);
    assert.ok(
      secretPaths(created.wire).some((p) => p.startsWith(".publishingProfile")),
      "the link is wrapped as a secret on the wire",
    );
    assert.ok(created.additionalSecretOutputs.includes("publishingProfile"));
    for (const staged of h.ofType(STAGED))
      assert.ok(staged.additionalSecretOutputs.includes("sasUrl"));
    const leaks = h.resources.flatMap((r) =>
      plainStrings(r.wire)
        .filter((s) => s.text.includes("sig="))
        .map((s) => `${r.name}${s.path}`),
    );
    assert.deepEqual(leaks, []);
    const outputLeaks = [...h.componentOutputs.values()].flatMap((outputs) =>
      plainStrings(outputs).filter((s) => s.text.includes("sig=")),
    );
    assert.deepEqual(outputLeaks, []);
  });

  it("accepts a pre-staged mediaLink: secret even when given in plain text, blob URL and expiry exposed", async () => {
    const { h, app } = await setup();
    const link = `https://acct.blob.core.windows.net/packages/hello.tar.gz?${SAS_QUERY}`;
    const version = new VmApplicationVersion("v", {
      application: app,
      version: "1.0.0",
      location: "westeurope",
      package: { mediaLink: link },
      config: { link },
      commands,
      scriptBehaviorAfterReboot: "Rerun",
      regions: {},
    });
    assert.equal(await pulumi.isSecret(version.mediaLink), true);
    assert.equal(
      await resolved(version.sourceBlobUrl),
      "https://acct.blob.core.windows.net/packages/hello.tar.gz",
    );
    assert.equal(await resolved(version.sasExpiresOn), "2030-01-31T00:00:00Z");
    await h.settle();
    assert.equal(h.ofType(STAGED).length, 0);
    const leaks = h.resources.flatMap((r) =>
      plainStrings(r.wire).filter((s) => s.text.includes("sig=")),
    );
    assert.deepEqual(leaks, []);
    const guard = h.one(GUARD);
    assert.equal(
      guard.inputs.packageBlob,
      "https://acct.blob.core.windows.net/packages/hello.tar.gz",
    );
    // Sent in publishingProfile.settings, which Azure does not let change: guarded too.
    assert.equal(guard.inputs.scriptBehaviorAfterReboot, "Rerun");
  });

  it("publishes versions of one application one after another (each depends on the previous)", async () => {
    const { h, app } = await setup();
    const link = `https://acct.blob.core.windows.net/packages/a?${SAS_QUERY}`;
    const base = {
      application: app,
      location: "westeurope",
      package: { mediaLink: link },
      commands,
      regions: {},
    };
    new VmApplicationVersion("v1", { ...base, version: "1.0.0" });
    new VmApplicationVersion("v2", { ...base, version: "1.0.1" });
    new VmApplicationVersion("v3", { ...base, version: "1.1.0" });
    await h.settle();
    const [v1, v2, v3] = ["v1", "v2", "v3"].map(
      (n) => h.resources.find((r) => r.name === `${n}-version`) as Captured,
    );
    assert.ok(v1 && v2 && v3);
    assert.ok(v2.dependencies.includes(v1.urn), "v2 waits for v1");
    assert.ok(v3.dependencies.includes(v2.urn), "v3 waits for v2");
    assert.ok(!v1.dependencies.includes(v2.urn));
    const guard1 = h.resources.find((r) => r.name === "v1-guard") as Captured;
    assert.ok(v1.dependencies.includes(guard1.urn), "the version waits for its guard");
    assert.ok(!guard1.dependencies.includes(v1.urn), "the guard does not wait for its version");
    assert.ok(v2.dependencies.includes(guard1.urn), "v2 waits for v1's guard too");
  });

  it("registers the guard before the version, so a refused change never reaches Azure", async () => {
    const h = await freshRuntime({
      state: (args) => {
        if (args.type === "azure-native:compute:GalleryApplicationVersion") {
          throw new Error("Azure: the package blob could not be read");
        }
        return undefined;
      },
    });
    const app = new VmApplication("app", {
      galleryId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/galleries/apps`,
      supportedOsType: "Linux",
    });
    const version = new VmApplicationVersion("v", {
      application: app,
      version: "1.0.0",
      location: "westeurope",
      package: { mediaLink: `https://acct.blob.core.windows.net/packages/a?${SAS_QUERY}` },
      commands,
      regions: {},
    });
    await assert.rejects(resolved(version.id));
    await h.settle().catch(() => undefined);
    // The guard exists although Azure refused the version: its failure message says how to retry.
    assert.equal(h.ofType("pulumi-nodejs:dynamic/vmapps:VersionGuard").length, 1);
  });

  it("does not chain versions of different applications", async () => {
    const { h, app } = await setup();
    const other = new VmApplication("other", {
      galleryId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/galleries/apps`,
      supportedOsType: "Linux",
    });
    const link = `https://acct.blob.core.windows.net/packages/a?${SAS_QUERY}`;
    const base = {
      location: "westeurope",
      package: { mediaLink: link },
      commands,
      regions: {},
      version: "1.0.0",
    };
    new VmApplicationVersion("a1", { ...base, application: app });
    new VmApplicationVersion("b1", { ...base, application: other });
    await h.settle();
    const a1 = h.resources.find((r) => r.name === "a1-version") as Captured;
    const b1 = h.resources.find((r) => r.name === "b1-version") as Captured;
    assert.ok(!b1.dependencies.includes(a1.urn));
  });

  it("adopts an application by id: names from the id, location and OS from Azure, chained by id", async () => {
    const h = await freshRuntime({ call: existingIn("northeurope") });
    const storage = new PackageStorage("s", { resourceGroupName: "rg" });
    const base = {
      applicationId: APP_ID,
      storage,
      package: { path: packageFolder },
      commands,
      regions: {},
    };
    new VmApplicationVersion("x1", { ...base, version: "3.0.0" });
    new VmApplicationVersion("x2", { ...base, version: "3.0.1" });
    await h.settle();
    assert.equal(h.ofType("azure-native:compute:GalleryApplication").length, 0);
    const x1 = h.resources.find((r) => r.name === "x1-version") as Captured;
    const x2 = h.resources.find((r) => r.name === "x2-version") as Captured;
    assert.equal(x1.inputs.resourceGroupName, "rg-ext");
    assert.equal(x1.inputs.galleryName, "gal");
    assert.equal(x1.inputs.galleryApplicationName, "agent");
    assert.equal(x1.inputs.location, "northeurope");
    assert.ok(x2.dependencies.includes(x1.urn));
    assert.equal(
      (h.resources.find((r) => r.name === "x1-package") as Captured).inputs.archiveFormat,
      "tar.gz",
    );
  });

  it("never marks the SAS for replacement: no replaceOnChanges, immutables go to the guard instead", async () => {
    const { h, publish } = await setup();
    publish({
      location: "westeurope",
      packageFileName: "hello.tar.gz",
      storageAccountType: "Standard_ZRS",
      replicationMode: "Full",
      regions: { eastus: { storageAccountType: "Premium_LRS" } },
    });
    await h.settle();
    assert.deepEqual(h.one(VERSION).replaceOnChanges, []);
    const guard = h.one(GUARD);
    assert.equal(guard.name, "v-guard");
    const { __provider: _, ...fingerprint } = guard.inputs;
    assert.deepEqual(fingerprint, {
      application: "rg/apps/hello",
      version: "1.0.0",
      nextVersion: "1.0.1",
      install: commands.install,
      remove: commands.remove,
      packageFileName: "hello.tar.gz",
      packageBlob: `https://vmapps1mnulibg.blob.core.windows.net/packages/${STAGED_SHA256}/hello.tar.gz`,
      storageAccountType: "Standard_ZRS",
      replicationMode: "Full",
      regionStorageAccountTypes: "eastus=Premium_LRS,westeurope=Standard_ZRS",
    });
  });

  it("a renewed SAS on the same blob changes only the version's mediaLink, never the guard fingerprint", async () => {
    const run = async (expiry: string) => {
      const { h, app } = await setup();
      const link = `https://acct.blob.core.windows.net/packages/hello.tar.gz?sv=2024-11-04&se=${expiry}&sr=b&sp=r&sig=abc`;
      new VmApplicationVersion("v", {
        application: app,
        version: "1.0.0",
        location: "westeurope",
        package: { mediaLink: link },
        commands,
        regions: {},
      });
      await h.settle();
      const { __provider: _, ...guard } = h.one(GUARD).inputs;
      return { guard, version: h.one(VERSION) };
    };
    const before = await run("2030-01-01");
    const after = await run("2030-02-01");
    assert.deepEqual(after.guard, before.guard);
    assert.deepEqual(after.version.replaceOnChanges, []);
    const source = (v: Captured) => (profile(v).source as { mediaLink: string }).mediaLink;
    assert.notEqual(source(after.version), source(before.version));
  });

  it("registers the same inputs on a second run of the same program (no spurious diff)", async () => {
    const run = async () => {
      const { h, publish } = await setup();
      publish({ regions: { "East US": { demand: { vms: 30 } } } });
      await h.settle();
      return h.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    };
    assert.deepEqual(await run(), await run());
  });

  it("rejects every problem at once, before registering anything (the component included)", async () => {
    const h = await freshRuntime();
    const args = {
      applicationId: "/subscriptions/x/not-an-application",
      version: "1.0",
      location: "westeurope",
      package: {
        path: join(work, "missing.tar.gz"),
        mediaLink: "https://a.blob.core.windows.net/c/b",
      },
      config: { path: packageFile, link: "https://a.blob.core.windows.net/c/cfg" },
      commands: { install: "x".repeat(5000), remove: "" },
      regions: { "West Europe": { replicas: 11 }, westeurope: {} },
    } as VmApplicationVersionArgs;
    assert.throws(
      () => new VmApplicationVersion("bad", args),
      (err: unknown) => {
        const found = new Set(errorFields(err));
        for (const field of [
          "applicationId",
          "version",
          "package",
          "package.path",
          "config",
          "storage",
          "commands.install",
          "commands.remove",
        ]) {
          assert.ok(found.has(field), `${field} is reported; got ${[...found].join(", ")}`);
        }
        assert.ok(
          [...found].some((f) => f.startsWith("regions")),
          "region problems are reported",
        );
        assert.ok(err instanceof pulumi.ResourceError);
        assert.match((err as Error).message, /Fix: /);
        return true;
      },
    );
    await h.settle();
    assert.deepEqual(h.resources, []);
  });

  it("skips values still unknown instead of rejecting them", async () => {
    const { h, app } = await setup();
    const unknownLink = pulumi.output(
      new Promise<string>((resolve) =>
        resolve(`https://acct.blob.core.windows.net/p/a?${SAS_QUERY}`),
      ),
    );
    new VmApplicationVersion("v", {
      application: app,
      version: "1.0.0",
      location: pulumi.output("westeurope"),
      package: { mediaLink: unknownLink },
      commands: { install: pulumi.output("install"), remove: "remove" },
      regions: { eastus: {} },
    });
    await h.settle();
    assert.equal(h.ofType(VERSION).length, 1);
  });
});
