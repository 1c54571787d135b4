/**
 * Issue 8, item 4 and its companions: a misspelled key, a null region, a fraction of a replica,
 * a scale set of 0, a missing OS and a recipe built for another application are each a problem
 * (field + fix) before anything is registered, never a silent default.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { VmApplicationVersionArgs } from "../../sdk/components/application/versionArgs";
import {
  VmApplication,
  type VmApplicationArgs,
} from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery, type AppGalleryArgs } from "../../sdk/components/gallery/appGallery";
import {
  PackageStorage,
  type PackageStorageArgs,
} from "../../sdk/components/storage/packageStorage";
import { recipes } from "../../sdk/core";
import { APP_ID, freshRuntime, type Harness, SAS_QUERY, VERSION } from "./harness";

const GALLERY_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/apps";
const CONTAINER_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/packages";
const link = `https://acct.blob.core.windows.net/packages/hello?${SAS_QUERY}`;

/** The error problems `construct` throws with, after checking it registered nothing. */
async function rejected(h: Harness, construct: () => unknown) {
  await h.settle();
  const before = h.resources.length;
  let thrown: unknown;
  try {
    construct();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof VmAppsComponentError, `expected VmAppsComponentError, got ${thrown}`);
  await h.settle();
  assert.equal(h.resources.length, before, "nothing was registered");
  return thrown.problems.filter((p) => p.severity === "error");
}

/**
 * Asserts the only unknown key is the one at `field`, with `fix` (a string or pattern). Other
 * errors may follow from the same typo (no install command when `instal` is misspelled).
 */
function assertUnknownKey(
  problems: Awaited<ReturnType<typeof rejected>>,
  field: string,
  fix: string | RegExp,
) {
  const unknown = problems.filter((p) => p.message.startsWith("unknown key"));
  assert.deepEqual(
    unknown.map((p) => p.field),
    [field],
    JSON.stringify(problems),
  );
  const key = field.replace(/^.*[.[]"?/, "").replace(/"?]$/, "");
  assert.equal(unknown[0]?.message, `unknown key "${key}"; it would be ignored.`);
  if (typeof fix === "string") assert.equal(unknown[0]?.fix, fix);
  else assert.match(unknown[0]?.fix ?? "", fix);
}

type Typo = [label: string, args: Record<string, unknown>, field: string, fix: string | RegExp];
const meant = (typo: string, key: string) => `Did you mean ${key}? Rename "${typo}" to "${key}".`;

describe("unknown keys are refused with their path and the key meant", () => {
  describe("AppGallery", () => {
    const base: AppGalleryArgs = { resourceGroupName: "rg", location: "eastus", name: "apps" };
    const community = {
      publisherUri: "https://x.test",
      publisherContact: "a@x.test",
      publicNamePrefix: "x",
    };
    const typos: Typo[] = [
      ["top level", { locaton: "eastus" }, "locaton", meant("locaton", "location")],
      ["letter case", { softdelete: true }, "softdelete", meant("softdelete", "softDelete")],
      [
        "sharing",
        { sharing: { permissions: "Community", comunity: community } },
        "sharing.comunity",
        meant("comunity", "community"),
      ],
      [
        "sharing.community",
        { sharing: { permissions: "Community", community: { ...community, eul: "x" } } },
        "sharing.community.eul",
        meant("eul", "eula"),
      ],
      [
        "existing",
        { existing: { galeryId: GALLERY_ID } },
        "existing.galeryId",
        meant("galeryId", "galleryId"),
      ],
    ];
    for (const [label, args, field, fix] of typos) {
      it(`${label}: ${field}`, async () => {
        const h = await freshRuntime();
        const bad = { ...base, ...args } as AppGalleryArgs;
        assertUnknownKey(await rejected(h, () => new AppGallery("g", bad)), field, fix);
      });
    }
  });

  describe("PackageStorage", () => {
    const typos: Typo[] = [
      ["top level", { skus: "Standard_LRS" }, "skus", meant("skus", "sku")],
      [
        "far from any key",
        { tier: "Hot" },
        "tier",
        /^Use one of resourceGroupName, location, .*, or remove "tier"\.$/,
      ],
      [
        "existing",
        { existing: { containerid: CONTAINER_ID } },
        "existing.containerid",
        meant("containerid", "containerId"),
      ],
    ];
    for (const [label, args, field, fix] of typos) {
      it(`${label}: ${field}`, async () => {
        const h = await freshRuntime();
        const bad = { resourceGroupName: "rg", ...args } as PackageStorageArgs;
        assertUnknownKey(await rejected(h, () => new PackageStorage("s", bad)), field, fix);
      });
    }
  });

  describe("VmApplication", () => {
    const action = { name: "restart", script: "systemctl restart hello" };
    const typos: Typo[] = [
      ["top level", { eulaa: "x" }, "eulaa", meant("eulaa", "eula")],
      [
        "customActions[i]",
        { customActions: [action, { ...action, name: "stop", paramters: [] }] },
        "customActions[1].paramters",
        meant("paramters", "parameters"),
      ],
      [
        "customActions[i].parameters[j]",
        { customActions: [{ ...action, parameters: [{ name: "p", typ: "String" }] }] },
        "customActions[0].parameters[0].typ",
        meant("typ", "type"),
      ],
      [
        "a gallery given as plain ids",
        {
          gallery: {
            id: GALLERY_ID,
            galleryName: "apps",
            resourceGroupName: "rg",
            locaton: "eastus",
          },
        },
        "gallery.locaton",
        meant("locaton", "location"),
      ],
    ];
    for (const [label, args, field, fix] of typos) {
      it(`${label}: ${field}`, async () => {
        const h = await freshRuntime();
        const bad = {
          galleryId: GALLERY_ID,
          supportedOsType: "Linux",
          ...args,
        } as VmApplicationArgs;
        if ("gallery" in args) delete (bad as { galleryId?: string }).galleryId;
        assertUnknownKey(await rejected(h, () => new VmApplication("hello", bad)), field, fix);
      });
    }

    it("supportedOSType (the ARM spelling) names supportedOsType, which is then missing", async () => {
      const h = await freshRuntime();
      const bad = {
        galleryId: GALLERY_ID,
        supportedOSType: "Linux",
      } as unknown as VmApplicationArgs;
      const problems = await rejected(h, () => new VmApplication("hello", bad));
      assert.deepEqual(
        problems.map((p) => [p.field, p.fix]),
        [
          ["supportedOSType", meant("supportedOSType", "supportedOsType")],
          ["supportedOsType", 'Set it to "Windows" or "Linux".'],
        ],
      );
    });
  });

  describe("VmApplicationVersion", () => {
    const action = { name: "restart", script: "systemctl restart hello" };
    const typos: Typo[] = [
      [
        "regions.<region>.demand (the issue's)",
        { regions: { westeurope: { demand: { vm: 400 } } } },
        "regions.westeurope.demand.vm",
        meant("vm", "vms"),
      ],
      [
        "regions.<region>",
        { regions: { westeurope: { replica: 5 } } },
        "regions.westeurope.replica",
        meant("replica", "replicas"),
      ],
      [
        "a region name that is not an identifier",
        { regions: { "West Europe": { replica: 5 } } },
        'regions["West Europe"].replica',
        meant("replica", "replicas"),
      ],
      [
        "a demand figure beside demand",
        { regions: { westeurope: { vms: 40 } } },
        "regions.westeurope.vms",
        'Move it under demand: {"demand": {"vms": …}}.',
      ],
      [
        "a region setting beside regions",
        { replicas: 5 },
        "replicas",
        /^"replicas" belongs in a region entry: "regions": \{"eastus": \{"replicas": …\}\}\.$/,
      ],
      [
        "a region beside regions",
        { westeurope: { replicas: 2 } },
        "westeurope",
        /^If "westeurope" is a region, move it under "regions"/,
      ],
      [
        "top level",
        { packagefilename: "hello.tgz" },
        "packagefilename",
        meant("packagefilename", "packageFileName"),
      ],
      [
        "package",
        { package: { medialink: link } },
        "package.medialink",
        meant("medialink", "mediaLink"),
      ],
      ["config", { config: { lnk: link } }, "config.lnk", meant("lnk", "link")],
      [
        "commands",
        { commands: { instal: "a", remove: "b" } },
        "commands.instal",
        meant("instal", "install"),
      ],
      ["sas", { sas: { validForDay: 3 } }, "sas.validForDay", meant("validForDay", "validForDays")],
      [
        "customActions[i].parameters[j]",
        { customActions: [{ ...action, parameters: [{ name: "p", defaultvalue: "x" }] }] },
        "customActions[0].parameters[0].defaultvalue",
        meant("defaultvalue", "defaultValue"),
      ],
      [
        "storage given as plain names",
        {
          storage: {
            accountName: "acct",
            containerName: "packages",
            blobEndpoint: "https://acct.blob.core.windows.net/",
            conectionString: pulumi.secret("x"),
          },
        },
        "storage.conectionString",
        meant("conectionString", "connectionString"),
      ],
      [
        "an application given as plain ids",
        {
          application: {
            id: APP_ID,
            applicationName: "agent",
            galleryName: "gal",
            resourceGroupName: "rg-ext",
            location: "eastus",
            supportedOSType: "Linux",
          },
        },
        "application.supportedOSType",
        meant("supportedOSType", "supportedOsType"),
      ],
    ];
    for (const [label, args, field, fix] of typos) {
      it(`${label}: ${field}`, async () => {
        const h = await freshRuntime();
        const app = new VmApplication("hello", { galleryId: GALLERY_ID, supportedOsType: "Linux" });
        const bad = {
          application: app,
          version: "1.0.0",
          location: "eastus",
          package: { mediaLink: link },
          commands: { install: "a", remove: "b" },
          regions: {},
          ...args,
        } as VmApplicationVersionArgs;
        assertUnknownKey(await rejected(h, () => new VmApplicationVersion("v", bad)), field, fix);
      });
    }

    it("checks regions read with config.requireObject, and reports every typo at once", async () => {
      const h = await freshRuntime();
      pulumi.runtime.setAllConfig({
        "vmapps:regions": JSON.stringify({
          westeurope: { demand: { vm: 400 } },
          eastus: { replica: 5 },
        }),
      });
      const regions = new pulumi.Config("vmapps").requireObject<
        VmApplicationVersionArgs["regions"]
      >("regions");
      const app = new VmApplication("hello", { galleryId: GALLERY_ID, supportedOsType: "Linux" });
      const problems = await rejected(
        h,
        () =>
          new VmApplicationVersion("v", {
            application: app,
            version: "1.0.0",
            package: { mediaLink: link },
            commands: { install: "a", remove: "b" },
            regions,
          }),
      );
      assert.deepEqual(
        problems.map((p) => p.field),
        ["regions.westeurope.demand.vm", "regions.eastus.replica"],
      );
      pulumi.runtime.setAllConfig({});
    });

    it("accepts refs holding a component's exported outputs (another stack's urn, id, …)", async () => {
      const h = await freshRuntime();
      const urn = "urn:pulumi:prod::infra::vmapps:index:PackageStorage::packages";
      new VmApplicationVersion("v", {
        application: {
          urn,
          id: APP_ID,
          applicationName: "agent",
          galleryName: "gal",
          resourceGroupName: "rg-ext",
          location: "eastus",
          supportedOsType: "Linux",
        } as VmApplicationVersionArgs["application"],
        version: "1.0.0",
        storage: {
          urn,
          id: "/subscriptions/…/storageAccounts/acct",
          resourceGroupName: "rg",
          accountName: "acct",
          containerName: "packages",
          blobEndpoint: "https://acct.blob.core.windows.net/",
        } as VmApplicationVersionArgs["storage"],
        package: { mediaLink: link },
        commands: { install: "a", remove: "b" },
        regions: {},
      });
      await h.settle();
      assert.equal(h.ofType(VERSION).length, 1);
    });

    it("accepts keys set to undefined and component instances given as refs; publishes", async () => {
      const h = await freshRuntime();
      const storage = new PackageStorage("s", { resourceGroupName: "rg", location: undefined });
      const app = new VmApplication("hello", { galleryId: GALLERY_ID, supportedOsType: "Linux" });
      new VmApplicationVersion("v", {
        application: app,
        version: "1.0.0",
        location: "eastus",
        storage,
        package: { mediaLink: link, path: undefined },
        commands: { install: "a", remove: "b", update: undefined },
        regions: { eastus: { demand: { vms: 60, scaleSets: undefined } } },
      });
      await h.settle();
      assert.equal(h.one(VERSION).inputs.publishingProfile !== undefined, true);
    });
  });
});

describe("values that used to pass silently", () => {
  async function versionProblems(args: Partial<VmApplicationVersionArgs>, os = "Linux") {
    const h = await freshRuntime();
    const app = new VmApplication("hello", {
      galleryId: GALLERY_ID,
      supportedOsType: os as "Linux",
    });
    return rejected(
      h,
      () =>
        new VmApplicationVersion("v", {
          application: app,
          version: "1.0.0",
          location: "eastus",
          package: { mediaLink: link },
          commands: { install: "a", remove: "b" },
          regions: {},
          ...args,
        }),
    );
  }

  it("replicas: 3.5 is not a whole number; neither is a demand of 2.5 VMs", async () => {
    const problems = await versionProblems({
      regions: { eastus: { replicas: 3.5 }, westeurope: { demand: { vms: 2.5 } } },
    });
    assert.deepEqual(
      problems.map((p) => [p.field, p.message]),
      [
        ["regions.eastus.replicas", "3.5 replicas is not a whole number."],
        ["regions.westeurope.demand.vms", "2.5 is not a whole number."],
      ],
    );
  });

  it("a null region is an error with the entry to write, not 1 replica", async () => {
    const problems = await versionProblems({
      regions: { eastus: {}, westeurope: null as unknown as Record<string, never> },
    });
    assert.deepEqual(
      problems.map((p) => [p.field, p.message]),
      [["regions.westeurope", "the entry for westeurope is null."]],
    );
    assert.match(
      problems[0]?.fix ?? "",
      /Give westeurope its demand, e\.g\. .*, or \{\} for 1 replica/,
    );
  });

  it("a scale set of 0 instances is an error", async () => {
    const problems = await versionProblems({
      regions: { eastus: { demand: { scaleSets: [600, 0] } } },
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ["regions.eastus.demand.scaleSets[1]"],
    );
    assert.match(problems[0]?.fix ?? "", /1 or more/);
  });

  it("a VmApplication without supportedOsType (plain JavaScript) is refused before registering", async () => {
    const h = await freshRuntime();
    const args = { galleryId: GALLERY_ID } as VmApplicationArgs;
    const problems = await rejected(h, () => new VmApplication("hello", args));
    assert.deepEqual(
      problems.map((p) => [p.field, p.message, p.fix]),
      [["supportedOsType", "supportedOSType is missing.", 'Set it to "Windows" or "Linux".']],
    );
  });

  describe("commands from a recipe built for another application or OS", () => {
    const tarGz = (appName: string) => recipes.linux.tarGz({ appName, installDir: "/opt/hello" });

    it("another appName: the file the commands open never arrives", async () => {
      const problems = await versionProblems({ commands: tarGz("other") });
      assert.deepEqual(
        problems.map((p) => p.field),
        ["commands"],
      );
      assert.match(
        problems[0]?.message ?? "",
        /open a file named "other".*arrives on the VM as "hello"/,
      );
      assert.match(problems[0]?.fix ?? "", /Pass appName: "hello"/);
    });

    it("a Windows recipe on a Linux application", async () => {
      const exe = recipes.windows.exe({ appName: "hello", uninstaller: "C:\\hello\\u.exe" });
      const problems = await versionProblems({ commands: exe });
      assert.deepEqual(
        problems.map((p) => p.field),
        ["commands"],
      );
      assert.match(
        problems[0]?.message ?? "",
        /a Windows recipe, but the application is for Linux/,
      );
    });

    it("a packageFileName on the version that the recipe was not told about", async () => {
      const problems = await versionProblems({
        commands: tarGz("hello"),
        packageFileName: "hello.tgz",
      });
      assert.match(problems[0]?.fix ?? "", /Pass packageFileName: "hello\.tgz" to the recipe/);
    });

    it("is found through applicationId: app.id, an id string, and plain application ids", async () => {
      const h = await freshRuntime();
      const app = new VmApplication("hello", { galleryId: GALLERY_ID, supportedOsType: "Linux" });
      const base = {
        version: "1.0.0",
        location: "eastus",
        package: { mediaLink: link },
        commands: tarGz("other"),
        regions: {},
      };
      const plainRef = {
        id: APP_ID,
        applicationName: "agent",
        galleryName: "gal",
        resourceGroupName: "rg-ext",
        location: "eastus",
        supportedOsType: "Windows",
      };
      for (const [label, which] of [
        ["app.id", { applicationId: app.id }],
        ["id string", { applicationId: APP_ID }],
        ["plain ids", { application: plainRef }],
      ] as const) {
        const problems = await rejected(
          h,
          () => new VmApplicationVersion(`v-${label}`, { ...base, ...which }),
        );
        assert.ok(problems.length > 0 && problems.every((p) => p.field === "commands"), label);
      }
    });

    it("the recipe built for this application publishes", async () => {
      const h = await freshRuntime();
      const app = new VmApplication("hello", { galleryId: GALLERY_ID, supportedOsType: "Linux" });
      new VmApplicationVersion("v", {
        application: app,
        version: "1.0.0",
        location: "eastus",
        package: { mediaLink: link },
        commands: tarGz("hello"),
        regions: {},
      });
      await h.settle();
      const version = h.one(VERSION).inputs as { publishingProfile: { manageActions: unknown } };
      assert.deepEqual(version.publishingProfile.manageActions, { ...tarGz("hello") });
    });
  });
});
