/**
 * Changing the version in a declared scale set's applicationProfile updates the scale set in
 * place; it never replaces it (Terraform's azurerm recreates it: hashicorp/terraform-provider-azurerm#30337).
 *
 * The mock runtime cannot run azure-native's Diff, so the proof has three parts, each as precise
 * as the mocks allow:
 * 1. Two runs of one program, before and after the change: the scale set keeps its URN, asks for
 *    no replaceOnChanges and no deleteBeforeReplace, and its inputs differ in exactly one path,
 *    `virtualMachineProfile.applicationProfile.galleryApplications[0].packageReferenceId`.
 * 2. azure-native replaces a resource only when a changed input is force-new, by the rule of its
 *    code generator (pulumi/pulumi-azure-native provider/pkg/gen/properties.go `forceNew` and
 *    replacement.go): a path parameter of the PUT operation, a property whose x-ms-mutability
 *    has "create" without "update", or one listed in `forceNewMap` (no Compute resource is
 *    listed there). `location` is force-new through common-types Resource (read, create).
 * 3. Walking that path through the Compute REST definitions (an excerpt kept verbatim in
 *    fixtures/computeScaleSetApplicationProfile.json) finds no such property on the way; the
 *    same walker does flag `location`, a path parameter, and a definition edited to be
 *    create-only, so the walk can fail.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import { VmApplication } from "../../sdk/components/application/vmApplication";
import { VmApplicationVersion } from "../../sdk/components/application/vmApplicationVersion";
import { AppGallery } from "../../sdk/components/gallery/appGallery";
import { applicationProfile } from "../../sdk/components/rollout/applicationProfile";
import { rolloutPolicy } from "../../sdk/components/rollout/rolloutPolicy";
import { type Captured, freshRuntime, SAS_QUERY, SCALE_SET } from "./harness";

interface Schema {
  $ref?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  "x-ms-mutability"?: string[];
  "x-ms-client-flatten"?: boolean;
}
interface Spec {
  putParameters: string[];
  definitions: Record<string, Schema>;
}

const SPEC = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "computeScaleSetApplicationProfile.json"), "utf8"),
) as Spec;
/** Compute resources azure-native's forceNewMap lists (replacement.go): none. */
const FORCE_NEW_MAP_COMPUTE: Record<string, string[]> = {};
/** Tracked resources' location: x-ms-mutability [read, create] in common-types Resource. */
const CREATE_ONLY_FROM_COMMON_TYPES = ["location"];

/** The scale set of one program run, installing `installs` of two published versions. */
async function runProgram(installs: "1.0.0" | "2.0.0"): Promise<Captured> {
  const h = await freshRuntime();
  const gallery = new AppGallery("g", { resourceGroupName: "rg", location: "westeurope" });
  const app = new VmApplication("agent", { gallery, supportedOsType: "Linux" });
  const versions = Object.fromEntries(
    ["1.0.0", "2.0.0"].map((number) => [
      number,
      new VmApplicationVersion(`agent-${number}`, {
        application: app,
        version: number,
        package: {
          mediaLink: `https://acct.blob.core.windows.net/p/agent-${number}.tgz?${SAS_QUERY}`,
        },
        commands: { install: "install", remove: "remove" },
        regions: { westeurope: {} },
      }),
    ]),
  ) as Record<string, VmApplicationVersion>;
  new compute.VirtualMachineScaleSet("web", {
    resourceGroupName: "rg",
    vmScaleSetName: "web",
    location: "westeurope",
    sku: { name: "Standard_B1s", capacity: 10 },
    upgradePolicy: rolloutPolicy({ maxConcurrent: 2, instances: 10, failFast: true }),
    virtualMachineProfile: {
      applicationProfile: applicationProfile({
        applications: [{ version: versions[installs] as VmApplicationVersion }],
        osType: "Linux",
        location: "westeurope",
      }),
    },
  });
  await h.settle();
  return h.one(SCALE_SET);
}

/** Every path whose value differs between `a` and `b`. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    return Array.from({ length }, (_, i) => differences(a[i], b[i], `${path}[${i}]`)).flat();
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      ),
    );
  }
  return a === b ? [] : [path];
}

function definition(spec: Spec, ref: string): Schema {
  const name = ref.split("/").pop() as string;
  const found = spec.definitions[name];
  assert.ok(found, `the excerpt holds ${name}`);
  return found;
}

/** A property of `schema`, looking into flattened ones as azure-native's inputs do. */
function property(spec: Spec, schema: Schema, name: string): Schema | undefined {
  for (const [key, inner] of Object.entries(schema.properties ?? {})) {
    if (key === name) return inner;
    if (inner["x-ms-client-flatten"] && inner.$ref) {
      const found = property(spec, definition(spec, inner.$ref), name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Why changing `path` (an input path of the scale set) replaces it, per azure-native's rule; or undefined. */
function forcesReplacement(spec: Spec, path: string): string | undefined {
  const segments = path.split(/\.|(?=\[)/).filter((s) => !/^\[\d+\]$/.test(s));
  const [top] = segments;
  if (top && spec.putParameters.includes(top)) return `${top} is a path parameter of the PUT`;
  if (top && CREATE_ONLY_FROM_COMMON_TYPES.includes(top))
    return `${top} is create-only (common-types)`;
  if (top && FORCE_NEW_MAP_COMPUTE.VirtualMachineScaleSet?.includes(top))
    return `${top} is in forceNewMap`;
  let schema = definition(spec, "#/definitions/VirtualMachineScaleSet");
  for (const segment of segments) {
    const inner = property(spec, schema, segment);
    assert.ok(inner, `the excerpt follows ${path} at ${segment}`);
    const mutability = inner["x-ms-mutability"];
    if (mutability?.includes("create") && !mutability.includes("update")) {
      return `${segment} is x-ms-mutability ${JSON.stringify(mutability)}`;
    }
    const ref = inner.$ref ?? inner.items?.$ref;
    if (ref) schema = definition(spec, ref);
    else if (segment !== segments.at(-1)) assert.fail(`${segment} leads nowhere in the excerpt`);
  }
  return undefined;
}

describe("changing the application version of a declared scale set", () => {
  let first: Captured;
  let second: Captured;
  before(async () => {
    first = await runProgram("1.0.0");
    second = await runProgram("2.0.0");
  });

  it("keeps the same resource: same URN, no replaceOnChanges, no deleteBeforeReplace", () => {
    assert.equal(second.urn, first.urn);
    for (const run of [first, second]) {
      assert.deepEqual(run.replaceOnChanges, []);
      assert.equal(run.deleteBeforeReplace, false);
    }
  });

  it("changes one input: the packageReferenceId of the application, from 1.0.0 to 2.0.0", () => {
    assert.deepEqual(differences(first.inputs, second.inputs), [
      "virtualMachineProfile.applicationProfile.galleryApplications[0].packageReferenceId",
    ]);
    const id = (run: Captured) =>
      JSON.stringify(run.inputs.virtualMachineProfile).match(/versions\/([\d.]+)/)?.[1];
    assert.deepEqual([id(first), id(second)], ["1.0.0", "2.0.0"]);
  });

  it("which azure-native updates in place: nothing on its path through the Compute definitions is force-new", () => {
    for (const path of differences(first.inputs, second.inputs)) {
      assert.equal(forcesReplacement(SPEC, path), undefined, path);
    }
  });

  it("the same walk does find what would replace the scale set", () => {
    assert.match(forcesReplacement(SPEC, "location") ?? "", /create-only/);
    assert.match(forcesReplacement(SPEC, "vmScaleSetName") ?? "", /path parameter/);
    const edited = structuredClone(SPEC);
    (edited.definitions.VMGalleryApplication as Schema).properties = {
      ...edited.definitions.VMGalleryApplication?.properties,
      packageReferenceId: { "x-ms-mutability": ["read", "create"] },
    };
    assert.match(
      forcesReplacement(
        edited,
        "virtualMachineProfile.applicationProfile.galleryApplications[0].packageReferenceId",
      ) ?? "",
      /packageReferenceId is x-ms-mutability/,
    );
  });

  it("and the upgrade policy that rolls the change out is part of the same update, unchanged", () => {
    assert.deepEqual(second.inputs.upgradePolicy, first.inputs.upgradePolicy);
    assert.equal((second.inputs.upgradePolicy as { mode: string }).mode, "Rolling");
  });
});
