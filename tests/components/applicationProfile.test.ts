/**
 * applicationProfile() on the mocked engine: the value azure-native's scale set receives, every
 * input rule (before anything is registered, and once Outputs resolve), and rollback through a
 * version's `rolledBack` flag.
 */
import assert from "node:assert/strict";
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import type { VmApplicationVersionArgs } from "../../sdk/components/application/versionArgs";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { applicationProfile } from "../../sdk/components/rollout/applicationProfile";
import type {
  ApplicationProfile,
  ApplicationProfileArgs,
} from "../../sdk/components/rollout/profileArgs";
import { PROBLEM_SINK_KEY, type Problem, VmAppsError } from "../../sdk/core/shared/problems";
import {
  APP_ID,
  freshRuntime,
  type Harness,
  rejectionsDuring,
  SAS_QUERY,
  SCALE_SET,
  secretPaths,
  VERSION,
} from "./harness";

/** How the engine receives a value that is not known. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const out = <T>(value: T) => pulumi.output(value) as unknown as T;
const mediaLink = `https://acct.blob.core.windows.net/packages/agent.tgz?${SAS_QUERY}`;
const config = `https://acct.blob.core.windows.net/config/agent.json?${SAS_QUERY}`;
const versionId = (app: string, version = "1.0.0") =>
  `${APP_ID.replace(/agent$/, app)}/versions/${version}`;

interface Fleet {
  linux: VmApplication;
  windows: VmApplication;
  version(name: string, args?: Partial<VmApplicationVersionArgs>): VmApplicationVersion;
}

function fleet(): Fleet {
  const gallery = new AppGallery("g", { resourceGroupName: "rg", location: "westeurope" });
  const linux = new VmApplication("agent", { gallery, supportedOsType: "Linux" });
  const windows = new VmApplication("winagent", { gallery, supportedOsType: "Windows" });
  return {
    linux,
    windows,
    version: (number, args = {}) =>
      new VmApplicationVersion(`agent-${number}`, {
        application: linux,
        version: number,
        location: "westeurope",
        package: { mediaLink },
        commands: { install: "install", remove: "remove" },
        regions: { westeurope: {}, "North Europe": {} },
        ...args,
      }),
  };
}

function scaleSet(profile: ApplicationProfile, name = "web") {
  return new compute.VirtualMachineScaleSet(name, {
    resourceGroupName: "rg",
    location: "westeurope",
    sku: { name: "Standard_B1s", capacity: 4 },
    virtualMachineProfile: { applicationProfile: profile },
  });
}

type Entry = Record<string, unknown>;
function entriesOf(h: Harness, name = "web"): Entry[] {
  const scaleSet = h.ofType(SCALE_SET).find((r) => r.name === name);
  assert.ok(scaleSet, `scale set ${name} is registered`);
  const profile = (scaleSet.inputs.virtualMachineProfile as Entry).applicationProfile;
  return (profile as { galleryApplications: Entry[] }).galleryApplications;
}

/** The error problems `build` throws before anything is registered, as [field, message + fix]. */
function refused(build: () => unknown): Array<[string, string]> {
  let thrown: unknown;
  try {
    build();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof VmAppsComponentError, `expected VmAppsComponentError, got ${thrown}`);
  assert.ok(thrown instanceof VmAppsError);
  assert.match(
    thrown.message,
    /^applicationProfile "applicationProfile" has \d+ problems?; nothing was registered/,
  );
  return thrown.problems
    .filter((p) => p.severity === "error")
    .map((p) => [p.field, `${p.message} Fix: ${p.fix}`]);
}

describe("applicationProfile(): the value a scale set receives", () => {
  it("installs each version by id, in its order, failing the deployment on a failed install by default; the config override is a secret", async () => {
    const h = await freshRuntime();
    const f = fleet();
    const v1 = f.version("1.0.0");
    scaleSet(
      applicationProfile({
        applications: [
          { version: v1, order: 1, config, tags: "blue" },
          {
            version: versionId("other"),
            order: 2,
            treatFailureAsDeploymentFailure: false,
            enableAutomaticUpgrade: true,
          },
        ],
        osType: "Linux",
        location: "westeurope",
      }),
    );
    await h.settle();
    const version = h.one(VERSION);
    const vmss = h.one(SCALE_SET);
    assert.deepEqual(entriesOf(h), [
      {
        packageReferenceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/${version.inputs.galleryName}/applications/agent/versions/1.0.0`,
        configurationReference: config,
        order: 1,
        treatFailureAsDeploymentFailure: true,
        tags: "blue",
      },
      {
        packageReferenceId: versionId("other"),
        order: 2,
        treatFailureAsDeploymentFailure: false,
        enableAutomaticUpgrade: true,
      },
    ]);
    assert.deepEqual(secretPaths(vmss.wire), [
      ".virtualMachineProfile.applicationProfile.galleryApplications[0].configurationReference",
    ]);
  });

  it("a version given by its id Output is recognised as the VmApplicationVersion", async () => {
    const h = await freshRuntime();
    const f = fleet();
    const v1 = f.version("1.0.0");
    assert.deepEqual(
      refused(() =>
        applicationProfile({ applications: [{ version: v1 }, { version: v1.id }] }),
      ).map(([field]) => field),
      ["applications[1].version"],
    );
    await h.settle();
  });

  it("an empty list is a profile without applications", async () => {
    const h = await freshRuntime();
    scaleSet(applicationProfile({ applications: [] }));
    await h.settle();
    assert.deepEqual(entriesOf(h), []);
  });
});

describe("applicationProfile(): every rule, before anything is registered", () => {
  type Build = (f: Fleet) => ApplicationProfileArgs;
  const rows: Array<[string, Build, string[], RegExp?]> = [
    [
      "26 applications",
      () => ({
        applications: Array.from({ length: 26 }, (_, i) => ({ version: versionId(`a${i}`) })),
      }),
      ["applications"],
      /at most 25/,
    ],
    [
      "two versions of one application",
      (f) => ({ applications: [{ version: f.version("1.0.0") }, { version: f.version("2.0.0") }] }),
      ["applications[1].version"],
      /one version of an application/,
    ],
    [
      "one version id twice, in another letter case",
      () => ({
        applications: [{ version: versionId("a") }, { version: versionId("a").toUpperCase() }],
      }),
      ["applications[1].version"],
    ],
    [
      "an order twice",
      () => ({
        applications: [
          { version: versionId("a"), order: 1 },
          { version: versionId("b"), order: 1 },
        ],
      }),
      ["applications[1].order"],
    ],
    [
      "a fractional order",
      () => ({ applications: [{ version: versionId("a"), order: 0.5 }] }),
      ["applications[0].order"],
    ],
    [
      "a Windows application on Linux VMs",
      (f) => ({
        applications: [
          {
            version: new VmApplicationVersion("win-1", {
              application: f.windows,
              version: "1.0.0",
              package: { mediaLink },
              commands: { install: "install", remove: "remove" },
              regions: {},
            }),
          },
        ],
        osType: "Linux",
      }),
      ["applications[0].version"],
      /built for Windows/,
    ],
    [
      "an OS type in the wrong case",
      () => ({ applications: [], osType: "linux" as never }),
      ["osType"],
    ],
    [
      "an http config",
      () => ({
        applications: [{ version: versionId("a"), config: config.replace("https", "http") }],
      }),
      ["applications[0].config"],
    ],
    [
      "a config without SAS",
      () => ({
        applications: [{ version: versionId("a"), config: config.split("?")[0] as string }],
      }),
      ["applications[0].config"],
      /carries no SAS/,
    ],
    [
      "a config SAS without read",
      () => ({
        applications: [{ version: versionId("a"), config: config.replace("sp=r", "sp=w") }],
      }),
      ["applications[0].config"],
    ],
    [
      "an application's id",
      () => ({ applications: [{ version: APP_ID }] }),
      ["applications[0].version"],
      /application's id/,
    ],
    ["no version", () => ({ applications: [{} as never] }), ["applications[0].version"], /missing/],
    [
      "a version of another kind",
      () => ({ applications: [{ version: 42 as never }] }),
      ["applications[0].version"],
    ],
    [
      "a misspelled key",
      () => ({ applications: [{ version: versionId("a"), oder: 1 } as never] }),
      ["applications[0].oder"],
      /Did you mean order\?/,
    ],
    ["applications missing", () => ({}) as never, ["applications"]],
    ["applications as an Output", () => ({ applications: out([]) }), ["applications"], /Output/],
  ];
  for (const [title, build, fields, message] of rows) {
    it(`${title} → ${fields.join(", ")}`, async () => {
      const h = await freshRuntime();
      const f = fleet();
      const args = build(f);
      await h.settle();
      const before = h.ofType(SCALE_SET).length;
      const problems = refused(() => applicationProfile(args));
      assert.deepEqual(
        problems.map(([field]) => field),
        fields,
      );
      if (message) assert.match(problems[0]?.[1] ?? "", message);
      assert.equal(h.ofType(SCALE_SET).length, before);
    });
  }

  it("a config override is never quoted with its signature", async () => {
    await freshRuntime();
    const problems = refused(() =>
      applicationProfile({
        applications: [{ version: versionId("a"), config: config.replace("https", "http") }],
      }),
    );
    assert.ok(!JSON.stringify(problems).includes("sig="));
  });

  it("names itself as told", async () => {
    await freshRuntime();
    assert.throws(
      () => applicationProfile({ applications: [{ version: APP_ID }] }, { name: "web" }),
      (error: unknown) =>
        error instanceof VmAppsComponentError &&
        /^applicationProfile "web" has 1 problem;/.test(error.message) &&
        error.problems[0]?.resource === "web",
    );
  });
});

describe("applicationProfile(): rules on values known once Outputs resolve", () => {
  async function lateProblems(build: (f: Fleet) => ApplicationProfileArgs): Promise<Problem[]> {
    const h = await freshRuntime();
    const errors = await rejectionsDuring(
      () => scaleSet(applicationProfile(build(fleet()))),
      (errors) => errors.length > 0,
    );
    await h.settle();
    assert.deepEqual(h.ofType(SCALE_SET), [], "the scale set is not registered with a bad profile");
    const error = errors.find((e) => e instanceof VmAppsComponentError) as VmAppsComponentError;
    assert.ok(error, String(errors));
    assert.match(
      error.message,
      /in values known only during the deployment; nothing that depends on them was created or changed/,
    );
    return error.problems;
  }

  it("a version not replicated to the scale set's location (target regions resolve late)", async () => {
    const problems = await lateProblems((f) => ({
      applications: [
        { version: f.version("1.0.0", { regions: { eastus: {} }, location: "eastus" }) },
      ],
      location: out("westeurope"),
    }));
    assert.deepEqual(
      problems.map((p) => p.field),
      ["applications[0].version"],
    );
    assert.match(
      problems[0]?.message ?? "",
      /Version 1\.0\.0 is not replicated to westeurope.*target regions: eastus/,
    );
  });

  it("a config given as a secret Output, once resolved, without its signature in the message", async () => {
    const problems = await lateProblems(() => ({
      applications: [
        { version: versionId("a"), config: pulumi.secret(config.replace("https", "http")) },
      ],
    }));
    assert.deepEqual(
      problems.map((p) => p.field),
      ["applications[0].config"],
    );
    assert.ok(!JSON.stringify(problems).includes("sig="));
  });

  it("an OS type and an order given as Outputs", async () => {
    const problems = await lateProblems((f) => ({
      applications: [
        { version: f.version("1.0.0"), order: out(1) },
        { version: versionId("b"), order: out(1) },
      ],
      osType: out("Windows" as const),
    }));
    assert.deepEqual(problems.map((p) => p.field).sort(), [
      "applications[0].version",
      "applications[1].order",
    ]);
  });

  it("an id Output from elsewhere that is an application's id", async () => {
    const problems = await lateProblems(() => ({ applications: [{ version: out(APP_ID) }] }));
    assert.deepEqual(
      problems.map((p) => p.field),
      ["applications[0].version"],
    );
  });
});

describe("applicationProfile(): under an offline plan", () => {
  const key = Symbol.for(PROBLEM_SINK_KEY);
  const global = globalThis as Record<symbol, unknown>;
  afterEach(() => {
    delete global[key];
  });

  it("hands the problems to the plan, named after the profile, and gives the scale set nothing it could deploy", async () => {
    const sink: Problem[] = [];
    global[key] = sink;
    const h = await freshRuntime();
    const profile = applicationProfile(
      { applications: [{ version: APP_ID }] },
      { name: "web-apps" },
    );
    scaleSet(profile);
    await h.settle();
    assert.deepEqual(
      sink.map((p) => [p.resource, p.field]),
      [["web-apps", "applications[0].version"]],
    );
    assert.equal(h.ofType(SCALE_SET).length, 1);
    assert.equal(entriesOf(h)[0]?.packageReferenceId, UNKNOWN, "unknown, so nothing is installed");
  });
});

describe("rolling back a version in a program: rolledBack", () => {
  it("points every profile naming the bad version at the one before it, and excludes the bad one from latest in every region, in place", async () => {
    const h = await freshRuntime();
    const f = fleet();
    const v1 = f.version("1.0.0");
    const v2 = f.version("2.0.0", {
      rolledBack: true,
      regions: { westeurope: {}, eastus: { replicas: 2 } },
    });
    scaleSet(applicationProfile({ applications: [{ version: v2 }], location: "westeurope" }));
    scaleSet(applicationProfile({ applications: [{ version: v2.id }] }), "api");
    await h.settle();
    const ids = await Promise.all(
      [v1.id, v2.id].map((id) => new Promise((done) => id.apply(done))),
    );
    assert.deepEqual(
      [entriesOf(h)[0]?.packageReferenceId, entriesOf(h, "api")[0]?.packageReferenceId],
      [ids[0], ids[0]],
    );
    const version = (number: string) => {
      const found = h
        .ofType(VERSION)
        .find((v) => v.inputs.galleryApplicationVersionName === number);
      assert.ok(found, `version ${number} is registered`);
      return found;
    };
    const bad = version("2.0.0");
    const profile = bad.inputs.publishingProfile as {
      excludeFromLatest: boolean;
      targetRegions: Entry[];
    };
    assert.equal(profile.excludeFromLatest, true);
    assert.deepEqual(
      profile.targetRegions.map((r) => [r.name, r.excludeFromLatest]),
      [
        ["westeurope", true],
        ["eastus", true],
      ],
    );
    // The bad version stays declared (same resource, same URN): excludeFromLatest is updatable.
    assert.equal(bad.replaceOnChanges.length, 0);
    assert.equal((version("1.0.0").inputs.publishingProfile as Entry).excludeFromLatest, undefined);
  });

  it("goes back past versions rolled back themselves, to the highest lower one", async () => {
    const h = await freshRuntime();
    const f = fleet();
    const v1 = f.version("1.0.0");
    f.version("1.5.0", { rolledBack: true });
    const v3 = f.version("3.0.0", { rolledBack: true });
    f.version("4.0.0");
    scaleSet(applicationProfile({ applications: [{ version: v3 }] }));
    await h.settle();
    const id1 = await new Promise((done) => v1.id.apply(done));
    assert.equal(entriesOf(h)[0]?.packageReferenceId, id1);
  });

  it("with no earlier version declared, the profile says so", async () => {
    await freshRuntime();
    const f = fleet();
    const v2 = f.version("2.0.0", { rolledBack: true });
    const problems = refused(() => applicationProfile({ applications: [{ version: v2 }] }));
    assert.deepEqual(
      problems.map(([field]) => field),
      ["applications[0].version"],
    );
    assert.match(problems[0]?.[1] ?? "", /rolledBack, and no earlier version/);
  });

  it("a rolled-back version may not say excludeFromLatest: false, version-wide or in a region", async () => {
    await freshRuntime();
    const f = fleet();
    assert.throws(
      () =>
        f.version("2.0.0", {
          rolledBack: true,
          excludeFromLatest: false,
          regions: { westeurope: { excludeFromLatest: false } },
        }),
      (error: unknown) =>
        error instanceof VmAppsComponentError &&
        JSON.stringify(error.problems.map((p) => p.field)) ===
          JSON.stringify(["excludeFromLatest", "regions.westeurope.excludeFromLatest"]),
    );
  });

  it("rolledBack must be known before the deployment", async () => {
    await freshRuntime();
    const f = fleet();
    assert.throws(
      () => f.version("2.0.0", { rolledBack: out(true) }),
      (error: unknown) =>
        error instanceof VmAppsComponentError && error.problems[0]?.field === "rolledBack",
    );
  });
});
