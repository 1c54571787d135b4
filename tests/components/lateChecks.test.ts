/**
 * Every rule that applies to a plain value applies to the value an Output resolves to, in every
 * component: the deployment fails with a VmAppsComponentError on the component, and none of its
 * children is registered (nothing staged, created or read from the bad value).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { VmApplicationVersionArgs } from "../../sdk/components/application/versionArgs";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { unknownOutput } from "../../sdk/components/shared/late";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import {
  type Captured,
  freshRuntime,
  type Harness,
  rejectionsDuring,
  SAS_QUERY,
  VERSION,
} from "./harness";

const work = mkdtempSync(join(tmpdir(), "vmapps-late-checks-"));
after(() => rmSync(work, { recursive: true, force: true }));
const packageFile = join(work, "app.tar.gz");
writeFileSync(packageFile, Buffer.alloc(3000, 7));
const installer = join(work, "setup.exe");
writeFileSync(installer, Buffer.alloc(3000, 7));

const out = <T>(value: T) => pulumi.output(value) as unknown as T;
const GALLERY_TYPE = "vmapps:index:AppGallery";
const STORAGE_TYPE = "vmapps:index:PackageStorage";
const APPLICATION_TYPE = "vmapps:index:VmApplication";
const VERSION_TYPE = "vmapps:index:VmApplicationVersion";

/** A version staging a local package: its children are the staged blob, the guard and the version. */
function versionArgs(args: Partial<VmApplicationVersionArgs>): VmApplicationVersionArgs {
  const gallery = new AppGallery("g", { resourceGroupName: "rg", location: "eastus" });
  const storage = new PackageStorage("s", { resourceGroupName: "rg" });
  const application = new VmApplication("app", { gallery, supportedOsType: "Linux" });
  return {
    application,
    version: "1.0.0",
    location: "eastus",
    storage,
    package: { path: packageFile },
    commands: { install: "install", remove: "remove" },
    regions: {},
    ...args,
  };
}

interface Case {
  title: string;
  type: string;
  build(): unknown;
  field: string;
}

const cases: Case[] = [
  {
    title: "AppGallery location Output ''",
    type: GALLERY_TYPE,
    build: () => new AppGallery("c", { resourceGroupName: "rg", location: out("") }),
    field: "location",
  },
  {
    title: "AppGallery resourceGroupName Output ''",
    type: GALLERY_TYPE,
    build: () => new AppGallery("c", { resourceGroupName: out("") }),
    field: "resourceGroupName",
  },
  {
    title: "AppGallery sharing.permissions Output 'Public'",
    type: GALLERY_TYPE,
    build: () =>
      new AppGallery("c", {
        resourceGroupName: "rg",
        sharing: { permissions: out("Public" as "Private") },
      }),
    field: "sharing.permissions",
  },
  {
    title: "AppGallery existing.galleryId Output that is no gallery id",
    type: GALLERY_TYPE,
    build: () => new AppGallery("c", { existing: { galleryId: out("/not/a/gallery") } }),
    field: "existing.galleryId",
  },
  {
    title: "PackageStorage resourceGroupName Output ''",
    type: STORAGE_TYPE,
    build: () => new PackageStorage("c", { resourceGroupName: out("") }),
    field: "resourceGroupName",
  },
  {
    title: "PackageStorage location Output ''",
    type: STORAGE_TYPE,
    build: () => new PackageStorage("c", { resourceGroupName: "rg", location: out("") }),
    field: "location",
  },
  {
    title: "PackageStorage existing.containerId Output that is no container id",
    type: STORAGE_TYPE,
    build: () => new PackageStorage("c", { existing: { containerId: out("/subscriptions/x") } }),
    field: "existing.containerId",
  },
  {
    title: "VmApplication location Output ''",
    type: APPLICATION_TYPE,
    build: () =>
      new VmApplication("c", {
        galleryId: galleryIdOf("gal"),
        supportedOsType: "Linux",
        location: out(""),
      }),
    field: "location",
  },
  {
    title: "VmApplication endOfLifeDate Output '2021-02-30'",
    type: APPLICATION_TYPE,
    build: () =>
      new VmApplication("c", {
        galleryId: galleryIdOf("gal"),
        supportedOsType: "Linux",
        endOfLifeDate: out("2021-02-30"),
      }),
    field: "endOfLifeDate",
  },
  {
    title: "VmApplication privacyStatementUri Output that is no URI",
    type: APPLICATION_TYPE,
    build: () =>
      new VmApplication("c", {
        galleryId: galleryIdOf("gal"),
        supportedOsType: "Linux",
        privacyStatementUri: out("not a uri"),
      }),
    field: "privacyStatementUri",
  },
  {
    title: "VmApplication galleryId Output that is no gallery id",
    type: APPLICATION_TYPE,
    build: () => new VmApplication("c", { galleryId: out("/not/an/id"), supportedOsType: "Linux" }),
    field: "galleryId",
  },
  ...(
    [
      [
        "commands.install Output of 5000 characters",
        { commands: { install: out("z".repeat(5000)), remove: "r" } },
        "commands.install",
      ],
      [
        "commands.install Output ''",
        { commands: { install: out(""), remove: "r" } },
        "commands.install",
      ],
      [
        "commands.remove Output ''",
        { commands: { install: "i", remove: out("") } },
        "commands.remove",
      ],
      [
        "commands as one Output without remove",
        { commands: out({ install: "i" } as { install: string; remove: string }) },
        "commands.remove",
      ],
      ["endOfLifeDate Output '2021-02-30'", { endOfLifeDate: out("2021-02-30") }, "endOfLifeDate"],
      ["location Output ''", { location: out("") }, "location"],
      [
        "regions Output object with 11 replicas",
        { regions: out({ westeurope: { replicas: 11 } }) },
        "regions.westeurope.replicas",
      ],
      [
        "regions Output wanting a page blob of an .exe",
        { package: { path: installer }, regions: out({ eastus: { replicas: 5 } }) },
        "package.path",
      ],
      [
        "sas.validForDays Output 30 with a user-delegation SAS",
        { sas: { validForDays: out(30) } },
        "sas.validForDays",
      ],
      [
        "applicationId Output that is no application id",
        { application: undefined, applicationId: out("/not/an/application") },
        "applicationId",
      ],
      [
        "config.link Output over http",
        { config: { link: out(`http://acct.blob.core.windows.net/c/a.json?${SAS_QUERY}`) } },
        "config.link",
      ],
    ] as Array<[string, Partial<VmApplicationVersionArgs>, string]>
  ).map(
    ([title, args, field]): Case => ({
      title: `VmApplicationVersion ${title}`,
      type: VERSION_TYPE,
      build: () => new VmApplicationVersion("c", versionArgs(args)),
      field,
    }),
  ),
  // A misspelled key inside an object that arrives as an Output (config.requireSecretObject).
  {
    title: "VmApplicationVersion regions Output with demand.vm",
    type: VERSION_TYPE,
    build: () =>
      new VmApplicationVersion(
        "c",
        versionArgs({
          regions: out({
            westeurope: { demand: { vm: 400 } },
          } as VmApplicationVersionArgs["regions"]),
        }),
      ),
    field: "regions.westeurope.demand.vm",
  },
];

function galleryIdOf(name: string): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/${name}`;
}

function componentOf(h: Harness, type: string): Captured {
  const found = h.resources.find((r) => r.type === type && r.name === "c");
  assert.ok(found, `${type} "c" is registered`);
  return found;
}

describe("values given as Outputs are checked like plain ones once they resolve", () => {
  for (const { title, type, build, field } of cases) {
    it(`${title}: ${field} fails on the component, no child registered`, async () => {
      const h = await freshRuntime();
      const errors = await rejectionsDuring(
        () => build(),
        (caught) => caught.some((e) => e instanceof VmAppsComponentError),
      );
      const error = errors.find((e) => e instanceof VmAppsComponentError);
      assert.ok(error instanceof VmAppsComponentError, `no VmAppsComponentError: ${errors}`);
      assert.ok(
        error.problems.some((p) => p.field === field && p.severity === "error"),
        error.message,
      );
      assert.match(error.message, /known only during the deployment/);
      const component = componentOf(h, type);
      assert.equal((error.resource as pulumi.Resource | undefined) !== undefined, true);
      const children = h.resources.filter((r) => r.parent === component.urn);
      assert.deepEqual(
        children.map((r) => r.name),
        [],
        "nothing registered under the component",
      );
    });
  }

  it("a good Output value publishes as before: every child is registered", async () => {
    const h = await freshRuntime();
    new VmApplicationVersion(
      "c",
      versionArgs({
        commands: { install: out("install"), remove: out("remove") },
        endOfLifeDate: out("2099-01-01"),
        regions: out({ westeurope: { replicas: 2 } }),
      }),
    );
    await h.settle();
    const component = componentOf(h, VERSION_TYPE);
    assert.deepEqual(
      h.resources.filter((r) => r.parent === component.urn).map((r) => r.type.split(":").pop()),
      ["StagedBlob", "VersionGuard", "GalleryApplicationVersion"],
    );
    assert.deepEqual(
      (h.one(VERSION).inputs.publishingProfile as { targetRegions: unknown[] }).targetRegions,
      [
        { name: "eastus", regionalReplicaCount: 1 },
        { name: "westeurope", regionalReplicaCount: 2 },
      ],
    );
  });

  it("never quotes a secret value in a message", async () => {
    await freshRuntime();
    const errors = await rejectionsDuring(
      () =>
        new VmApplicationVersion(
          "c",
          versionArgs({ endOfLifeDate: pulumi.secret("TOPSECRET-2021") as unknown as string }),
        ),
      (caught) => caught.length > 0,
    );
    const error = errors.find((e) => e instanceof VmAppsComponentError);
    assert.ok(error instanceof VmAppsComponentError, String(errors));
    assert.doesNotMatch(error.message, /TOPSECRET/);
    assert.match(error.message, /endOfLifeDate: "\[secret\]" is not a valid date/);
  });
});

describe("in a preview, where some Outputs are still unknown", () => {
  it("skips the unknown values and checks the known ones", async () => {
    const h = await freshRuntime({ preview: true });
    const errors = await rejectionsDuring(
      () => {
        new PackageStorage("new-group", { resourceGroupName: unknownOutput() });
        new VmApplicationVersion(
          "c",
          versionArgs({
            location: unknownOutput(),
            commands: { install: out("z".repeat(5000)), remove: unknownOutput() },
          }),
        );
      },
      (caught) => caught.length > 0,
    );
    const error = errors.find((e) => e instanceof VmAppsComponentError);
    assert.ok(error instanceof VmAppsComponentError, String(errors));
    assert.deepEqual(
      error.problems.map((p) => p.field),
      ["commands.install"],
    );
    assert.ok(
      h.resources.some((r) => r.name === "new-group-account"),
      "no false error",
    );
  });
});
