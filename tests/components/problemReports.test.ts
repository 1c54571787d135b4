/**
 * How components report what they find: warnings of resolved values are logged once under the
 * engine; under an offline plan (a problem sink installed) every problem is handed over as data,
 * named after its component, and nothing throws.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiLog from "@pulumi/pulumi/log";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import { PROBLEM_SINK_KEY, type Problem } from "../../sdk/core/shared/problems";
import {
  APP_ID,
  freshRuntime,
  type Harness,
  rejectionsDuring,
  SAS_QUERY,
  VERSION,
} from "./harness";

const out = <T>(value: T) => pulumi.output(value) as unknown as T;

/** Warnings logged while the body runs. */
async function warningsOf(body: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const log = pulumiLog as { warn: (message: string) => Promise<void> };
  const original = log.warn;
  log.warn = async (message: string) => {
    logged.push(message);
  };
  try {
    await body();
  } finally {
    log.warn = original;
  }
  return logged;
}

describe("warnings of resolved values", () => {
  it("a location Output naming no Azure region warns in every component, and still deploys", async () => {
    let h: Harness | undefined;
    const warnings = await warningsOf(async () => {
      h = await freshRuntime();
      const gallery = new AppGallery("g", { resourceGroupName: "rg", location: out("mars") });
      new PackageStorage("s", { resourceGroupName: "rg", location: out("marsnorth") });
      const application = new VmApplication("app", {
        gallery,
        supportedOsType: "Linux",
        location: out("marssouth"),
      });
      new VmApplicationVersion("v", {
        application,
        version: "1.0.0",
        location: out("marseast"),
        package: { mediaLink: `https://acct.blob.core.windows.net/c/a.tgz?${SAS_QUERY}` },
        commands: { install: "i", remove: "r" },
        regions: {},
      });
      await h.settle();
    });
    for (const region of ["mars", "marsnorth", "marssouth", "marseast"]) {
      assert.equal(
        warnings.filter((w) => w.startsWith(`location: "${region}" is not an Azure`)).length,
        1,
        `${region}: ${warnings.join("\n")}`,
      );
    }
    assert.equal(h?.ofType(VERSION).length, 1);
  });

  it("a warning found before registering is not logged again when the Outputs resolve", async () => {
    const warnings = await warningsOf(async () => {
      const h = await freshRuntime();
      new VmApplicationVersion("c", {
        applicationId: APP_ID,
        version: "1.0.0",
        location: "eastus",
        package: { mediaLink: `https://acct.blob.core.windows.net/c/a.tgz?${SAS_QUERY}` },
        commands: { install: "i", remove: "r" },
        regions: { westeurop: {} },
        endOfLifeDate: out("2099-01-01"),
      });
      await h.settle();
    });
    assert.equal(
      warnings.filter((w) => w.startsWith("regions.westeurop:")).length,
      1,
      String(warnings),
    );
  });
});

describe("under an offline plan (a problem sink is installed)", () => {
  const key = Symbol.for(PROBLEM_SINK_KEY);
  const global = globalThis as Record<symbol, unknown>;
  let sink: Problem[];
  beforeEach(() => {
    sink = [];
    global[key] = sink;
  });
  afterEach(() => {
    delete global[key];
  });

  it("records every component's problems, named after it, and throws nothing", async () => {
    const h = await freshRuntime();
    const errors = await rejectionsDuring(
      () => {
        const gallery = new AppGallery("bad-gallery", {
          resourceGroupName: "rg",
          name: "not-allowed",
        });
        const application = new VmApplication("app", { gallery, supportedOsType: "Linux" });
        new VmApplicationVersion("late", {
          application,
          version: "1.0",
          package: { mediaLink: out(`http://acct.blob.core.windows.net/c/a.tgz?${SAS_QUERY}`) },
          commands: { install: out(""), remove: "r" },
          regions: { "West Eurpoe": {} },
        });
      },
      () => true,
    );
    await h.settle();
    assert.deepEqual(errors, []);
    const owned = sink.map((p) => [p.resource, p.field, p.severity]);
    assert.deepEqual(
      owned.filter(([resource]) => resource === "bad-gallery"),
      [["bad-gallery", "name", "error"]],
    );
    assert.deepEqual(
      owned.filter(([resource]) => resource === "late").sort(),
      [
        ["late", "commands.install", "error"],
        ["late", "package.mediaLink", "error"],
        ["late", 'regions["West Eurpoe"]', "warning"],
        ["late", "version", "error"],
      ],
      "a component failing before registering still checks its Outputs",
    );
    const gallery = h.resources.find((r) => r.name === "bad-gallery");
    assert.ok(gallery, "the failed component is registered");
    assert.deepEqual(
      h.resources.filter((r) => r.parent === gallery.urn),
      [],
      "without children",
    );
    assert.equal(
      h.ofType("azure-native:compute:GalleryApplication").length,
      1,
      "downstream goes on",
    );
  });

  it("records problems of resolved values too; the region key with a space keeps field and fix", async () => {
    const h = await freshRuntime();
    new VmApplicationVersion("late", {
      application: new VmApplication("app", {
        gallery: new AppGallery("g", { resourceGroupName: "rg" }),
        supportedOsType: "Linux",
      }),
      version: "1.0.0",
      location: "eastus",
      package: { mediaLink: out(`http://acct.blob.core.windows.net/c/a.tgz?${SAS_QUERY}`) },
      commands: { install: out(""), remove: "r" },
      regions: { "West Eurpoe": {} },
    });
    await h.settle();
    const late = sink.filter((p) => p.resource === "late");
    assert.deepEqual(late.map((p) => [p.field, p.severity]).sort(), [
      ["commands.install", "error"],
      ["package.mediaLink", "error"],
      ['regions["West Eurpoe"]', "warning"],
    ]);
    assert.match(late.find((p) => p.severity === "warning")?.fix ?? "", /westeurope/);
  });
});
