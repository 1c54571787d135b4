import assert from "node:assert/strict";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { PackageStorage } from "../../sdk/components/storage/packageStorage";
import { freshRuntime, resolved, SUBSCRIPTION } from "./harness";

const ACCOUNT = "azure-native:storage:StorageAccount";
const CONTAINER = "azure-native:storage:BlobContainer";
const SUFFIX = "random:index/randomString:RandomString";

describe("PackageStorage", () => {
  it("creates a locked-down StorageV2 account named prefix + random suffix, and a private container", async () => {
    const h = await freshRuntime();
    const store = new PackageStorage("pkgs", {
      resourceGroupName: "rg-apps",
      location: "westeurope",
    });
    const accountName = await resolved(store.accountName);
    await h.settle();

    const suffix = h.one(SUFFIX);
    assert.equal(suffix.name, "pkgs-suffix");
    assert.deepEqual(
      [
        suffix.inputs.length,
        suffix.inputs.upper,
        suffix.inputs.special,
        suffix.inputs.lower,
        suffix.inputs.numeric,
      ],
      [8, false, false, true, true],
    );
    const account = h.one(ACCOUNT);
    assert.equal(account.name, "pkgs-account");
    // The prefix plus the fake ARM's deterministic RandomString answer for "pkgs-suffix".
    assert.equal(account.inputs.accountName, "vmapps7lwlb6qo");
    assert.equal(accountName, "vmapps7lwlb6qo");
    assert.match(accountName, /^[a-z0-9]{3,24}$/);
    assert.equal(account.inputs.kind, "StorageV2");
    assert.deepEqual(account.inputs.sku, { name: "Standard_LRS" });
    assert.equal(account.inputs.enableHttpsTrafficOnly, true);
    assert.equal(account.inputs.minimumTlsVersion, "TLS1_2");
    assert.equal(account.inputs.allowBlobPublicAccess, false);
    assert.equal(account.inputs.allowSharedKeyAccess, false);
    assert.equal(account.inputs.location, "westeurope");
    assert.equal(account.inputs.resourceGroupName, "rg-apps");

    const container = h.one(CONTAINER);
    assert.equal(container.name, "pkgs-container");
    assert.equal(container.inputs.containerName, "packages");
    assert.equal(container.inputs.publicAccess, "None");
    assert.equal(container.inputs.accountName, "vmapps7lwlb6qo");

    const component = h.one("vmapps:index:PackageStorage");
    for (const child of [suffix, account, container]) assert.equal(child.parent, component.urn);
    assert.equal(await resolved(store.containerName), "packages");
    assert.equal(
      await resolved(store.blobEndpoint),
      "https://vmapps7lwlb6qo.blob.core.windows.net/",
    );
    assert.deepEqual(Object.keys(h.componentOutputs.get(component.urn) ?? {}).sort(), [
      "accountName",
      "blobEndpoint",
      "containerName",
      "id",
      "resourceGroupName",
    ]);
  });

  it("passes prefix, sku, shared-key access and container name through", async () => {
    const h = await freshRuntime();
    new PackageStorage("s", {
      resourceGroupName: "rg",
      accountNamePrefix: "contoso1234567ab",
      sku: "Standard_ZRS",
      allowSharedKeyAccess: true,
      containerName: "vm-apps",
    });
    await h.settle();
    const account = h.one(ACCOUNT);
    assert.equal(account.inputs.accountName, "contoso1234567ab1mnulibg");
    assert.equal(String(account.inputs.accountName).length, 24);
    assert.deepEqual(account.inputs.sku, { name: "Standard_ZRS" });
    assert.equal(account.inputs.allowSharedKeyAccess, true);
    assert.equal(h.one(CONTAINER).inputs.containerName, "vm-apps");
  });

  it("adopts an existing container by id: reads the account, creates nothing", async () => {
    const h = await freshRuntime();
    const accountId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/sharedpkgs`;
    const store = new PackageStorage("adopted", {
      existing: { containerId: `${accountId}/blobServices/default/containers/staged` },
    });
    assert.equal(await resolved(store.containerName), "staged");
    assert.equal(await resolved(store.resourceGroupName), "rg-shared");
    assert.equal(await resolved(store.accountName), "sharedpkgs");
    await h.settle();
    const account = h.one(ACCOUNT);
    assert.equal(account.read, true);
    assert.equal(account.readId, accountId);
    assert.equal(h.ofType(CONTAINER).length, 0);
    assert.equal(h.ofType(SUFFIX).length, 0);
  });

  it("rejects bad inputs with one error listing every problem, and registers nothing", async () => {
    const h = await freshRuntime();
    assert.throws(
      () =>
        new PackageStorage("bad", {
          resourceGroupName: "",
          accountNamePrefix: "Has-Upper",
          // biome-ignore lint/suspicious/noExplicitAny: an invalid value from an untyped caller
          sku: "Ultra_LRS" as any,
          containerName: "A",
        }),
      (err: unknown) => {
        assert.ok(err instanceof VmAppsComponentError);
        assert.deepEqual(err.problems.map((p) => p.field).sort(), [
          "accountNamePrefix",
          "containerName",
          "resourceGroupName",
          "sku",
        ]);
        for (const p of err.problems) assert.match(err.message, new RegExp(`${p.field}: .*Fix: `));
        return true;
      },
    );
    await h.settle();
    assert.deepEqual(h.resources, []);
  });

  it("rejects a malformed container id before registering anything", async () => {
    const h = await freshRuntime();
    assert.throws(
      () =>
        new PackageStorage("bad", { existing: { containerId: "/subscriptions/x/containers/y" } }),
      (err: unknown) =>
        err instanceof VmAppsComponentError && err.problems[0]?.field === "existing.containerId",
    );
    await h.settle();
    assert.deepEqual(h.resources, []);
  });
});
