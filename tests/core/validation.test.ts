import assert from "node:assert/strict";
import {
  type ApplicationShape,
  type ApplicationVersionContext,
  type ApplicationVersionShape,
  assertValid,
  type GalleryShape,
  type Problem,
  VmAppsValidationError,
  validateApplication,
  validateApplicationVersion,
  validateGallery,
} from "../../sdk/core";

const now = new Date("2025-06-01T00:00:00Z");
const GiB = 1024 ** 3;
const SAS = "sv=2024-08-04&sr=b&sp=r&se=2026-01-01T00:00:00Z&sig=abc%3D";
const mediaLink = `https://acct.blob.core.windows.net/packages/app.zip?${SAS}`;

function validVersion(): ApplicationVersionShape {
  return {
    name: "1.0.0",
    location: "westeurope",
    publishingProfile: {
      source: {
        mediaLink,
        defaultConfigurationLink: `https://acct.blob.core.windows.net/packages/app.cfg?${SAS}`,
      },
      manageActions: { install: "install.cmd", remove: "remove.cmd" },
      settings: {
        packageFileName: "app.zip",
        configFileName: "app.cfg",
        scriptBehaviorAfterReboot: "Rerun",
      },
      targetRegions: [
        { name: "West Europe", regionalReplicaCount: 2, storageAccountType: "Standard_LRS" },
        { name: "eastus", regionalReplicaCount: 1 },
      ],
      replicaCount: 1,
      storageAccountType: "Standard_ZRS",
      replicationMode: "Full",
      endOfLifeDate: "2030-01-01T00:00:00Z",
      customActions: [
        { name: "restart", script: "restart.cmd", parameters: [{ name: "delay", type: "String" }] },
      ],
    },
    safetyProfile: { allowDeletionOfReplicatedLocations: true },
  };
}

type Edit = (
  v: ApplicationVersionShape & {
    publishingProfile: NonNullable<ApplicationVersionShape["publishingProfile"]>;
  },
) => void;
interface Row {
  rule: string;
  edit?: Edit;
  context?: ApplicationVersionContext;
  field: string;
  severity?: Problem["severity"];
}

const pp = "publishingProfile";
function setMedia(v: Parameters<Edit>[0], link: string): void {
  v.publishingProfile.source = { ...v.publishingProfile.source, mediaLink: link };
}
const rows: Row[] = [
  {
    rule: "version name Major.Minor.Patch",
    edit: (v) => {
      v.name = "1.0";
    },
    field: "name",
  },
  {
    rule: "version name not 'latest'",
    edit: (v) => {
      v.name = "latest";
    },
    field: "name",
  },
  {
    rule: "version part within int32",
    edit: (v) => {
      v.name = "2147483648.0.0";
    },
    field: "name",
  },
  {
    rule: "version name leading zeros warn",
    edit: (v) => {
      v.name = "1.02.0";
    },
    field: "name",
    severity: "warning",
  },
  {
    rule: "version name present",
    edit: (v) => {
      delete v.name;
    },
    field: "name",
  },
  {
    rule: "location present",
    edit: (v) => {
      delete v.location;
    },
    field: "location",
  },
  {
    rule: "location among target regions",
    edit: (v) => {
      v.location = "northeurope";
    },
    field: `${pp}.targetRegions`,
  },
  {
    rule: "location among target regions (empty list)",
    edit: (v) => {
      v.publishingProfile.targetRegions = [];
    },
    field: `${pp}.targetRegions`,
  },
  {
    rule: "no duplicate regions after normalisation",
    edit: (v) => {
      v.publishingProfile.targetRegions?.push({ name: "westeurope" });
    },
    field: `${pp}.targetRegions[2].name`,
  },
  {
    rule: "target region named",
    edit: (v) => {
      v.publishingProfile.targetRegions?.push({ name: " " });
    },
    field: `${pp}.targetRegions[2].name`,
  },
  {
    rule: "no encryption on target regions",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[1];
      if (r) r.encryption = { osDiskImage: {} };
    },
    field: `${pp}.targetRegions[1].encryption`,
  },
  {
    rule: "replicaCount at least 1",
    edit: (v) => {
      v.publishingProfile.replicaCount = 0;
    },
    field: `${pp}.replicaCount`,
  },
  {
    rule: "replicaCount at most 3",
    edit: (v) => {
      v.publishingProfile.replicaCount = 4;
    },
    field: `${pp}.replicaCount`,
  },
  {
    rule: "replicaCount whole",
    edit: (v) => {
      v.publishingProfile.replicaCount = 1.5;
    },
    field: `${pp}.replicaCount`,
  },
  {
    rule: "regionalReplicaCount at least 1",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[1];
      if (r) r.regionalReplicaCount = 0;
    },
    field: `${pp}.targetRegions[1].regionalReplicaCount`,
  },
  {
    rule: "regionalReplicaCount at most 10",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[1];
      if (r) r.regionalReplicaCount = 11;
    },
    field: `${pp}.targetRegions[1].regionalReplicaCount`,
    context: { blobType: "page" },
  },
  {
    rule: "regionalReplicaCount at most 3 on a block blob",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[1];
      if (r) r.regionalReplicaCount = 4;
    },
    field: `${pp}.targetRegions[1].regionalReplicaCount`,
    context: { blobType: "block" },
  },
  {
    rule: "regionalReplicaCount above 3 warns when blob type unknown",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[1];
      if (r) r.regionalReplicaCount = 4;
    },
    field: `${pp}.targetRegions[1].regionalReplicaCount`,
    severity: "warning",
  },
  {
    rule: "target region storageAccountType enum",
    edit: (v) => {
      const r = v.publishingProfile.targetRegions?.[0];
      if (r) r.storageAccountType = "Standard_GRS";
    },
    field: `${pp}.targetRegions[0].storageAccountType`,
  },
  {
    rule: "storageAccountType enum",
    edit: (v) => {
      v.publishingProfile.storageAccountType = "standard_lrs";
    },
    field: `${pp}.storageAccountType`,
  },
  {
    rule: "replicationMode enum",
    edit: (v) => {
      v.publishingProfile.replicationMode = "Deep";
    },
    field: `${pp}.replicationMode`,
  },
  {
    rule: "publishingProfile present",
    edit: (v) => {
      delete (v as ApplicationVersionShape).publishingProfile;
    },
    field: pp,
  },
  {
    rule: "source present",
    edit: (v) => {
      delete v.publishingProfile.source;
    },
    field: `${pp}.source`,
  },
  {
    rule: "mediaLink present",
    edit: (v) => {
      delete v.publishingProfile.source?.mediaLink;
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "mediaLink a URL",
    edit: (v) => {
      setMedia(v, "packages/app.zip");
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "mediaLink https",
    edit: (v) => {
      setMedia(v, mediaLink.replace("https:", "http:"));
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "mediaLink names a blob",
    edit: (v) => {
      setMedia(v, `https://acct.blob.core.windows.net/packages?${SAS}`);
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "SAS grants read",
    edit: (v) => {
      setMedia(v, mediaLink.replace("sp=r", "sp=w"));
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "SAS has a signature",
    edit: (v) => {
      setMedia(v, mediaLink.replace("&sig=abc%3D", ""));
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "SAS not expired",
    edit: (v) => {
      setMedia(v, mediaLink.replace("2026-01-01", "2025-01-01"));
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "SAS not encoded into the path (%3F)",
    edit: (v) => {
      setMedia(v, mediaLink.replace("?", "%3F"));
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "SAS not encoded into the path (sig= before any query)",
    edit: (v) => {
      setMedia(v, "https://acct.blob.core.windows.net/packages/sig=abc/app.zip");
    },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "defaultConfigurationLink SAS not encoded into the path",
    edit: (v) => {
      v.publishingProfile.source = {
        mediaLink,
        defaultConfigurationLink: mediaLink.replace("?", "%3f"),
      };
    },
    field: `${pp}.source.defaultConfigurationLink`,
  },
  {
    rule: "defaultConfigurationLink checked like mediaLink",
    edit: (v) => {
      v.publishingProfile.source = { mediaLink, defaultConfigurationLink: "ftp://x/y/z" };
    },
    field: `${pp}.source.defaultConfigurationLink`,
  },
  { rule: "package not empty", context: { packageBytes: 0 }, field: `${pp}.source.mediaLink` },
  {
    rule: "package at most 2 GiB",
    context: { packageBytes: 2 * GiB + 1 },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "package size a byte count",
    context: { packageBytes: -1 },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "page blob size a multiple of 512",
    context: { packageBytes: 1000, blobType: "page" },
    field: `${pp}.source.mediaLink`,
  },
  {
    rule: "configuration not empty",
    context: { configBytes: 0 },
    field: `${pp}.source.defaultConfigurationLink`,
  },
  {
    rule: "configuration at most 1 GiB",
    context: { configBytes: GiB + 1 },
    field: `${pp}.source.defaultConfigurationLink`,
  },
  {
    rule: "context blob type known",
    context: { blobType: "append" as "page" },
    field: "context.blobType",
  },
  {
    rule: "manageActions present",
    edit: (v) => {
      delete v.publishingProfile.manageActions;
    },
    field: `${pp}.manageActions`,
  },
  {
    rule: "install present",
    edit: (v) => {
      v.publishingProfile.manageActions = { remove: "r" };
    },
    field: `${pp}.manageActions.install`,
  },
  {
    rule: "install not blank",
    edit: (v) => {
      v.publishingProfile.manageActions = { install: "  ", remove: "r" };
    },
    field: `${pp}.manageActions.install`,
  },
  {
    rule: "remove present",
    edit: (v) => {
      v.publishingProfile.manageActions = { install: "i" };
    },
    field: `${pp}.manageActions.remove`,
  },
  {
    rule: "install at most 4096 characters",
    edit: (v) => {
      v.publishingProfile.manageActions = { install: "x".repeat(4097), remove: "r" };
    },
    field: `${pp}.manageActions.install`,
  },
  {
    rule: "remove at most 4096 characters",
    edit: (v) => {
      v.publishingProfile.manageActions = { install: "i", remove: "x".repeat(4097) };
    },
    field: `${pp}.manageActions.remove`,
  },
  {
    rule: "update at most 4096 characters",
    edit: (v) => {
      v.publishingProfile.manageActions = { install: "i", remove: "r", update: "x".repeat(4097) };
    },
    field: `${pp}.manageActions.update`,
  },
  {
    rule: "packageFileName not a path",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: "C:\\temp\\app.exe" };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "packageFileName valid characters",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: "app?.exe" };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "packageFileName not empty",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: "" };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "packageFileName at most 255 characters",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: `${"a".repeat(252)}.exe` };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "packageFileName at most 4096 characters",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: "a".repeat(4097) };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "packageFileName not a device name",
    edit: (v) => {
      v.publishingProfile.settings = { packageFileName: "CON.exe" };
    },
    field: `${pp}.settings.packageFileName`,
  },
  {
    rule: "configFileName valid",
    edit: (v) => {
      v.publishingProfile.settings = { configFileName: "conf/app.cfg" };
    },
    field: `${pp}.settings.configFileName`,
  },
  {
    rule: "configFileName without a config link warns",
    edit: (v) => {
      v.publishingProfile.source = { mediaLink };
    },
    field: `${pp}.settings.configFileName`,
    severity: "warning",
  },
  {
    rule: "scriptBehaviorAfterReboot enum",
    edit: (v) => {
      v.publishingProfile.settings = { scriptBehaviorAfterReboot: "Retry" };
    },
    field: `${pp}.settings.scriptBehaviorAfterReboot`,
  },
  {
    rule: "endOfLifeDate a date",
    edit: (v) => {
      v.publishingProfile.endOfLifeDate = "next year";
    },
    field: `${pp}.endOfLifeDate`,
  },
  {
    rule: "endOfLifeDate a real calendar day",
    edit: (v) => {
      v.publishingProfile.endOfLifeDate = "2030-02-30";
    },
    field: `${pp}.endOfLifeDate`,
  },
  {
    rule: "endOfLifeDate an invalid Date object is reported, not thrown",
    edit: (v) => {
      v.publishingProfile.endOfLifeDate = new Date("not a date");
    },
    field: `${pp}.endOfLifeDate`,
  },
  {
    rule: "endOfLifeDate in the past warns",
    edit: (v) => {
      v.publishingProfile.endOfLifeDate = "2020-01-01";
    },
    field: `${pp}.endOfLifeDate`,
    severity: "warning",
  },
  {
    rule: "custom action names unique",
    edit: (v) => {
      v.publishingProfile.customActions?.push({ name: "Restart", script: "x" });
    },
    field: `${pp}.customActions[1].name`,
  },
  {
    rule: "custom action named",
    edit: (v) => {
      v.publishingProfile.customActions?.push({ script: "x" });
    },
    field: `${pp}.customActions[1].name`,
  },
  {
    rule: "custom action has a script",
    edit: (v) => {
      v.publishingProfile.customActions?.push({ name: "other" });
    },
    field: `${pp}.customActions[1].script`,
  },
  {
    rule: "custom action parameter type enum",
    edit: (v) => {
      v.publishingProfile.customActions = [
        { name: "a", script: "s", parameters: [{ name: "p", type: "Int" }] },
      ];
    },
    field: `${pp}.customActions[0].parameters[0].type`,
  },
  {
    rule: "custom action parameter names unique",
    edit: (v) => {
      v.publishingProfile.customActions = [
        { name: "a", script: "s", parameters: [{ name: "p" }, { name: "p" }] },
      ];
    },
    field: `${pp}.customActions[0].parameters[1].name`,
  },
  {
    rule: "defaultValue only for String parameters",
    edit: (v) => {
      v.publishingProfile.customActions = [
        {
          name: "a",
          script: "s",
          parameters: [{ name: "p", type: "LogOutputBlob", defaultValue: "x" }],
        },
      ];
    },
    field: `${pp}.customActions[0].parameters[0].defaultValue`,
    severity: "warning",
  },
  {
    rule: "advancedSettings values are strings",
    edit: (v) => {
      v.publishingProfile.advancedSettings = { timeout: 300 as unknown as string };
    },
    field: `${pp}.advancedSettings.timeout`,
  },
];

describe("core/validation: application version", () => {
  it("a valid version has no problems", () => {
    assert.deepEqual(
      validateApplicationVersion(validVersion(), { now, packageBytes: 1024, configBytes: 10 }),
      [],
    );
  });

  for (const row of rows) {
    it(`${row.rule} → ${row.field}`, () => {
      const version = validVersion() as Parameters<Edit>[0];
      row.edit?.(version);
      const problems = validateApplicationVersion(version, { now, ...row.context });
      assert.deepEqual(
        problems.map((p) => [p.field, p.severity]),
        [[row.field, row.severity ?? "error"]],
        JSON.stringify(problems, null, 2),
      );
      assert.ok(problems[0]?.message && problems[0].fix);
    });
  }

  it("skips values not known yet (undefined), but reports absent keys", () => {
    const unknown: ApplicationVersionShape = {
      name: undefined,
      location: undefined,
      publishingProfile: {
        source: { mediaLink: undefined, defaultConfigurationLink: undefined },
        manageActions: { install: undefined, remove: undefined, update: undefined },
        settings: { packageFileName: undefined, configFileName: "app.cfg" },
        targetRegions: [{ name: undefined, regionalReplicaCount: undefined }],
        replicaCount: undefined,
        storageAccountType: undefined,
        endOfLifeDate: undefined,
      },
    };
    assert.deepEqual(validateApplicationVersion(unknown, { now, packageBytes: undefined }), []);
  });

  it("never echoes the SAS signature", () => {
    const version = validVersion();
    if (version.publishingProfile) {
      version.publishingProfile.source = {
        mediaLink: mediaLink.replace("sp=r", "sp=w").replace("http", "http"),
      };
    }
    const [problem] = validateApplicationVersion(version, { now });
    assert.ok(problem && !JSON.stringify(problem).includes("sig="));
  });

  it("never echoes a signature encoded into the path, nor a value that is not a URL", () => {
    for (const link of [
      "https://acct.blob.core.windows.net/c/app.tgz%3Fsv=2024-11-04&sp=r&sig=TOPSECRET",
      "https://acct.blob.core.windows.net/c/app.tgz%253Fsig%3DTOPSECRET",
      "not a url sig=TOPSECRET",
    ]) {
      const version = validVersion();
      if (version.publishingProfile) {
        version.publishingProfile.source = { mediaLink: link, defaultConfigurationLink: link };
      }
      const problems = validateApplicationVersion(version, { now });
      assert.equal(problems.length, 2, JSON.stringify(problems));
      assert.doesNotMatch(JSON.stringify(problems), /TOPSECRET|sig=|sv=/);
    }
  });

  it("reports every problem at once and assertValid throws them together", () => {
    const version = validVersion() as Parameters<Edit>[0];
    version.name = "latest";
    version.publishingProfile.replicaCount = 5;
    version.publishingProfile.endOfLifeDate = "2020-01-01";
    const problems = validateApplicationVersion(version, { now });
    assert.equal(problems.length, 3);
    assert.throws(
      () => assertValid(problems, "Version latest"),
      (e: unknown) =>
        e instanceof VmAppsValidationError &&
        e.problems.length === 3 &&
        /has 2 problems/.test(e.message) &&
        e.message.includes("publishingProfile.replicaCount") &&
        e.message.includes("name:"),
    );
  });

  it("assertValid does not throw on warnings only", () => {
    const version = validVersion() as Parameters<Edit>[0];
    version.publishingProfile.endOfLifeDate = "2020-01-01";
    assert.doesNotThrow(() => assertValid(validateApplicationVersion(version, { now })));
  });
});

describe("core/validation: application, gallery", () => {
  const app: ApplicationShape = {
    name: "my-app.v2_x",
    location: "westeurope",
    supportedOSType: "Linux",
  };
  const appRows: Array<[string, ApplicationShape, string, Problem["severity"]?]> = [
    ["name with a space", { ...app, name: "my app" }, "name"],
    ["name of 81 characters", { ...app, name: "a".repeat(81) }, "name"],
    ["name ending in a hyphen", { ...app, name: "app-" }, "name"],
    ["name empty", { ...app, name: "" }, "name"],
    ["name absent", { location: "westeurope", supportedOSType: "Linux" }, "name"],
    ["supportedOSType enum", { ...app, supportedOSType: "linux" }, "supportedOSType"],
    ["supportedOSType present", { name: "app", location: "westeurope" }, "supportedOSType"],
    ["endOfLifeDate a date", { ...app, endOfLifeDate: "soon" }, "endOfLifeDate"],
    [
      "endOfLifeDate past warns",
      { ...app, endOfLifeDate: "2001-01-01" },
      "endOfLifeDate",
      "warning",
    ],
    [
      "endOfLifeDate an invalid Date object",
      { ...app, endOfLifeDate: new Date(Number.NaN) },
      "endOfLifeDate",
    ],
    [
      "endOfLifeDate a past Date object warns",
      { ...app, endOfLifeDate: new Date("2001-01-01T00:00:00Z") },
      "endOfLifeDate",
      "warning",
    ],
    ["releaseNoteUri a URI", { ...app, releaseNoteUri: "notes" }, "releaseNoteUri"],
    [
      "custom action names unique",
      {
        ...app,
        customActions: [
          { name: "a", script: "s" },
          { name: "A", script: "t" },
        ],
      },
      "customActions[1].name",
    ],
  ];
  it("a valid application has no problems", () => {
    assert.deepEqual(validateApplication({ ...app, name: "a".repeat(80) }, { now }), []);
    assert.deepEqual(validateApplication({ ...app, name: "x" }, { now }), []);
  });
  for (const [rule, input, field, severity] of appRows) {
    it(`application: ${rule} → ${field}`, () => {
      assert.deepEqual(
        validateApplication(input, { now }).map((p) => [p.field, p.severity]),
        [[field, severity ?? "error"]],
      );
    });
  }

  const galleryRows: Array<[string, GalleryShape, string]> = [
    ["name with a hyphen", { name: "my-gallery" }, "name"],
    ["name starting with an underscore", { name: "_gallery" }, "name"],
    ["name ending with a period", { name: "gallery." }, "name"],
    ["name of 81 characters", { name: "g".repeat(81) }, "name"],
    ["name absent", {}, "name"],
  ];
  it("a valid gallery has no problems", () => {
    assert.deepEqual(validateGallery({ name: "my_gallery.v1", location: "westeurope" }), []);
    assert.deepEqual(validateGallery({ name: undefined }), []);
  });
  for (const [rule, input, field] of galleryRows) {
    it(`gallery: ${rule} → ${field}`, () => {
      assert.deepEqual(
        validateGallery(input).map((p) => p.field),
        [field],
      );
    });
  }
});
