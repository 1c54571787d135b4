/**
 * Fields typed as plain values (not pulumi.Input) are read before anything is registered. Given
 * an Output or a Promise (plain JavaScript, `as any`, config.requireSecretObject), each one is a
 * single clear problem naming its path, why and the fix, and nothing is registered. The table is
 * read from the argument shapes, where each plain field is marked once (shared/plain.ts).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { VERSION_ARGS } from "../../sdk/components/application/versionArgs";
import { VM_APPLICATION_ARGS, VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { APP_GALLERY_ARGS, AppGallery } from "../../sdk/components/gallery/appGallery";
import { applicationProfile } from "../../sdk/components/rollout/applicationProfile";
import { APPLICATION_PROFILE_ARGS } from "../../sdk/components/rollout/profileArgs";
import { ROLLOUT_POLICY_ARGS, rolloutPolicy } from "../../sdk/components/rollout/rolloutPolicy";
import { PACKAGE_STORAGE_ARGS, PackageStorage } from "../../sdk/components/storage/packageStorage";
import type { FieldShape } from "../../sdk/core/shared/keys";
import { freshRuntime, SUBSCRIPTION } from "./harness";

const work = mkdtempSync(join(tmpdir(), "vmapps-plain-fields-"));
after(() => rmSync(work, { recursive: true, force: true }));
const packageFile = join(work, "app.tar.gz");
writeFileSync(packageFile, Buffer.alloc(3000, 7));

type Args = Record<string, unknown>;

interface Component {
  name: string;
  shape: FieldShape;
  /** Arguments with every plain field set; built inside a fresh runtime. */
  base(): Args;
  build(args: Args): unknown;
}

const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`;

const components: Component[] = [
  {
    name: "AppGallery",
    shape: APP_GALLERY_ARGS,
    base: () => ({
      resourceGroupName: "rg",
      name: "gal",
      sharing: { permissions: "Private" },
      softDelete: false,
      protect: false,
      existing: { galleryId: `${RG}/providers/Microsoft.Compute/galleries/gal` },
    }),
    build: (args) => new AppGallery("c", args as never),
  },
  {
    name: "PackageStorage",
    shape: PACKAGE_STORAGE_ARGS,
    base: () => ({
      resourceGroupName: "rg",
      accountNamePrefix: "vmapps",
      sku: "Standard_LRS",
      allowSharedKeyAccess: false,
      containerName: "packages",
      existing: {
        containerId: `${RG}/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/packages`,
      },
    }),
    build: (args) => new PackageStorage("c", args as never),
  },
  {
    name: "VmApplication",
    shape: VM_APPLICATION_ARGS,
    base: () => ({
      gallery: new AppGallery("g", { resourceGroupName: "rg", location: "eastus" }),
      name: "agent",
      supportedOsType: "Linux",
    }),
    build: (args) => new VmApplication("c", args as never),
  },
  {
    name: "VmApplicationVersion",
    shape: VERSION_ARGS,
    base: () => {
      const gallery = new AppGallery("g", { resourceGroupName: "rg", location: "eastus" });
      return {
        application: new VmApplication("app", { gallery, supportedOsType: "Linux" }),
        version: "1.0.0",
        storage: new PackageStorage("s", { resourceGroupName: "rg" }),
        package: { path: packageFile, archiveFormat: "tar.gz" },
        config: { path: packageFile, archiveFormat: "tar.gz" },
        commands: { install: "install", remove: "remove" },
        regions: {},
        storageAccountType: "Standard_LRS",
        rolledBack: false,
      };
    },
    build: (args) => new VmApplicationVersion("c", args as never),
  },
  {
    name: "applicationProfile()",
    shape: APPLICATION_PROFILE_ARGS,
    base: () => ({
      applications: [
        {
          version: `${RG}/providers/Microsoft.Compute/galleries/gal/applications/a/versions/1.0.0`,
        },
      ],
    }),
    build: (args) => applicationProfile(args as never),
  },
  {
    name: "rolloutPolicy()",
    shape: ROLLOUT_POLICY_ARGS,
    base: () => ({
      maxConcurrent: 2,
      instances: 10,
      failFast: true,
      pauseBetweenBatches: 30,
      rollbackOnFailure: true,
      prioritizeUnhealthy: true,
      maxSurge: false,
    }),
    build: (args) => rolloutPolicy(args as never),
  },
];

/** Paths of the fields marked plain in `shape`, objects before their keys. */
function plainPaths(shape: FieldShape, path: string[] = []): string[][] {
  const here = (shape as { plain?: unknown }).plain !== undefined && path.length > 0 ? [path] : [];
  if (shape.kind === "object") {
    return [
      ...here,
      ...Object.entries(shape.keys).flatMap(([key, inner]) => plainPaths(inner, [...path, key])),
    ];
  }
  if (shape.kind !== "any") {
    assert.equal(
      plainPaths(shape.of).length,
      0,
      "plain marks inside lists or maps: extend this test",
    );
  }
  return here;
}

function withValue(args: Args, path: string[], wrap: (value: unknown) => unknown): Args {
  const [key, ...rest] = path as [string, ...string[]];
  const current = args[key];
  assert.notEqual(current, undefined, `the base arguments set ${path.join(".")}`);
  return {
    ...args,
    [key]: rest.length === 0 ? wrap(current) : withValue(current as Args, rest, wrap),
  };
}

describe("a plain-typed argument given an Output or a Promise", () => {
  it("covers the fields measured to break (version, storageAccountType, package)", () => {
    const fields = plainPaths(VERSION_ARGS).map((path) => path.join("."));
    for (const field of ["version", "storageAccountType", "package", "package.path"]) {
      assert.ok(fields.includes(field), field);
    }
  });

  for (const component of components) {
    for (const path of plainPaths(component.shape)) {
      const field = path.join(".");
      for (const [what, wrap] of [
        ["an Output", (value: unknown) => pulumi.output(value)],
        ["a Promise", (value: unknown) => Promise.resolve(value)],
      ] as const) {
        it(`${component.name} ${field} as ${what}: one problem naming it, nothing registered`, async () => {
          const h = await freshRuntime();
          const args = withValue(component.base(), path, wrap);
          let caught: unknown;
          try {
            component.build(args);
          } catch (error) {
            caught = error;
          }
          assert.ok(caught instanceof VmAppsComponentError, `not refused: ${caught}`);
          assert.deepEqual(
            caught.problems.map((p) => [p.field, p.severity]),
            [[field, "error"]],
            caught.message,
          );
          const [problem] = caught.problems;
          assert.match(
            problem?.message ?? "",
            new RegExp(
              `is ${what}, whose value is known only during the deployment, but .+: it must be known before anything is registered`,
            ),
          );
          assert.ok((problem?.fix ?? "").length > 0);
          assert.doesNotMatch(caught.message, /toString|Both package/);
          await h.settle();
          const registered = h.resources.filter((r) => r.name === "c" || r.name.startsWith("c-"));
          assert.deepEqual(
            registered.map((r) => r.type),
            [],
            "nothing registered",
          );
        });
      }
    }
  }

  it("tells a package given as an Output where a secret link goes", async () => {
    await freshRuntime();
    const base = components[3]?.base() as Args;
    const args = {
      ...base,
      config: undefined,
      package: pulumi.output({ mediaLink: "https://a.blob.core.windows.net/c/app.zip?sv=1&sig=X" }),
    };
    assert.throws(
      () => new VmApplicationVersion("c", args as never),
      (error: VmAppsComponentError) =>
        error.problems.length === 1 &&
        /package: \{ mediaLink: config\.requireSecret\("mediaLink"\) \}/.test(
          error.problems[0]?.fix ?? "",
        ) &&
        !error.message.includes("sig=X"),
    );
  });
});
