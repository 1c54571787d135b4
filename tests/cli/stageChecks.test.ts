import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { RestError } from "@azure/storage-blob";
import { stageCommand } from "../../sdk/cli/commands/stage";
import { cliErrorOf, sasDaysFlag } from "../../sdk/cli/commands/stageChecks";
import { storageFailure } from "../../sdk/cli/commands/stageErrors";
import {
  interruptedLine,
  listenForInterrupt,
  type StageProgressState,
} from "../../sdk/cli/commands/stageInterrupt";
import { sweepStaleWorkDirs } from "../../sdk/cli/commands/stageWorkDir";
import { CliError } from "../../sdk/cli/errors";
import { bufferIo } from "../../sdk/cli/render/output";
import { error } from "../../sdk/core/shared/problems";

function refusal(run: () => unknown): { message: string; fix: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CliError, String(error));
    return { message: error.message, fix: error.fix, exitCode: error.exitCode };
  }
  return assert.fail("expected a refusal");
}

describe("vmapps stage --sas-days", () => {
  const SERVICE_FIX = "give whole days from 1 to 365, e.g. --sas-days 6 (the default)";
  const DELEGATION_FIX =
    "give whole days from 1 to 7, e.g. --sas-days 6 (the default); a connection string signs a service SAS instead, for up to 365 days";
  // [value, signed in through --account-url, accepted days or the refusal's message]
  const table: Array<[string, boolean, number | string]> = [
    ["1", false, 1],
    ["6", false, 6],
    ["8", false, 8],
    ["365", false, 365],
    [" 30 ", false, 30],
    ["1", true, 1],
    ["7", true, 7],
    [
      "366",
      false,
      "--sas-days 366 is above 365: vmapps signs a service SAS (with the account key) for at most 365 days",
    ],
    [
      "8",
      true,
      "--sas-days 8 is above 7: a user delegation SAS (signed through the --account-url sign-in) lasts at most 7 days",
    ],
    ["0", false, "--sas-days 0 is below 1: a SAS lasts at least a day"],
    ["0", true, "--sas-days 0 is below 1: a SAS lasts at least a day"],
    ["-3", false, "--sas-days -3 is below 1: a SAS lasts at least a day"],
    ["1.5", false, "--sas-days 1.5 is not a whole number of days"],
    ["0.5", true, "--sas-days 0.5 is not a whole number of days"],
    ["1e2", false, "--sas-days 1e2 is not a whole number of days"],
    ["seven", false, "--sas-days seven is not a whole number of days"],
    ["", false, "--sas-days '' is not a whole number of days"],
    [
      "99999999999999999999",
      false,
      "--sas-days 99999999999999999999 is above 365: vmapps signs a service SAS (with the account key) for at most 365 days",
    ],
  ];
  for (const [value, signedIn, expected] of table) {
    const kind = signedIn ? "--account-url" : "a connection string";
    if (typeof expected === "number") {
      it(`accepts ${JSON.stringify(value)} with ${kind}`, () => {
        assert.equal(sasDaysFlag(value, signedIn), expected);
      });
    } else {
      it(`refuses ${JSON.stringify(value)} with ${kind}, stating the accepted range, exit 2`, () => {
        assert.deepEqual(
          refusal(() => sasDaysFlag(value, signedIn)),
          { message: expected, fix: signedIn ? DELEGATION_FIX : SERVICE_FIX, exitCode: 2 },
        );
      });
    }
  }

  it("--help states the ranges the check applies", () => {
    const delegation = /whole days .*: 1-(\d+) with --account-url/.exec(stageCommand.help);
    const service = /1-(\d+) with a connection string/.exec(stageCommand.help);
    assert.ok(delegation && service, stageCommand.help);
    for (const [max, signedIn] of [
      [Number(delegation[1]), true],
      [Number(service[1]), false],
    ] as const) {
      assert.equal(sasDaysFlag("1", signedIn), 1);
      assert.equal(sasDaysFlag(String(max), signedIn), max);
      assert.throws(() => sasDaysFlag(String(max + 1), signedIn), CliError);
      assert.throws(() => sasDaysFlag("0", signedIn), CliError);
    }
  });
});

/** A RestError as the storage SDK throws it; a HEAD response has no body, only the header. */
function restError(status: number, code: string, message = "", head = false): RestError {
  const error = new RestError(message, { statusCode: status, ...(head ? {} : { code }) });
  return Object.assign(error, { details: { errorCode: code } });
}

describe("vmapps stage: argument problems", () => {
  it("print as one line and one fix, and stay the error's problems", () => {
    const problems = [
      error("--container", "--container '' is empty.", "Give a container name."),
      error("--blob", "--blob 'a.' ends with a dot.", "Drop the dot."),
    ];
    const refused = cliErrorOf(problems);
    assert.equal(refused.message, "--container '' is empty; --blob 'a.' ends with a dot");
    assert.equal(refused.fix, "give a container name; drop the dot");
    assert.equal(refused.exitCode, 2);
    assert.deepEqual(refused.problems, problems);
  });
});

describe("vmapps stage: storage service errors", () => {
  const connection = { container: "packages", signedIn: false };
  const signedIn = { container: "packages", signedIn: true };
  // [error, target, message, the fix's essence]
  const table: Array<[string, RestError, typeof connection, string, RegExp]> = [
    [
      "a missing container (HEAD: code in the header only)",
      restError(404, "ContainerNotFound", "", true),
      connection,
      "container packages does not exist (ContainerNotFound, HTTP 404)",
      /^add --create-container to create it/,
    ],
    [
      "an identity without a data role",
      restError(
        403,
        "AuthorizationPermissionMismatch",
        "This request is not authorized to perform this operation using this permission.",
      ),
      signedIn,
      "your identity is not allowed to write blobs in this storage account (AuthorizationPermissionMismatch, HTTP 403)",
      /"Storage Blob Data Contributor" role .*Owner or Contributor alone cannot write blobs/,
    ],
    [
      "a wrong account key",
      restError(403, "AuthenticationFailed", "Server failed to authenticate the request."),
      connection,
      "the storage account could not authenticate the request (AuthenticationFailed, HTTP 403)",
      /account key is wrong or was rotated/,
    ],
    [
      "a refused request, connection string",
      restError(
        403,
        "AuthorizationFailure",
        "This request is not authorized to perform this operation.",
      ),
      connection,
      "the storage account refused the request (AuthorizationFailure, HTTP 403)",
      /check the account key .*firewall/,
    ],
    [
      "a refused request, signed in",
      restError(403, "AuthorizationFailure", "", true),
      signedIn,
      "the storage account refused the request (AuthorizationFailure, HTTP 403)",
      /"Storage Blob Data Contributor" role .*firewall/,
    ],
    [
      "shared keys disabled on the account",
      restError(
        403,
        "KeyBasedAuthenticationNotPermitted",
        "Key based authentication is not permitted on this storage account.",
      ),
      connection,
      "the storage account does not allow access with its keys (a connection string) (KeyBasedAuthenticationNotPermitted, HTTP 403)",
      /^use --account-url https:/,
    ],
    [
      "a container being deleted",
      restError(409, "ContainerBeingDeleted", "The specified container is being deleted."),
      connection,
      "container packages is being deleted (ContainerBeingDeleted, HTTP 409)",
      /wait until Azure has deleted it/,
    ],
    [
      "a busy service after every retry",
      restError(503, "ServerBusy", "The server is busy."),
      connection,
      "the storage service stayed busy or failing through every retry (ServerBusy, HTTP 503)",
      /run the same command again: blocks already stored are not sent again/,
    ],
    [
      "an unmapped code: the service's first line, without a SAS",
      restError(
        400,
        "SomethingNew",
        "Bad thing at https://x/y?sv=1&sig=c2VjcmV0&se=2\nRequestId:1",
      ),
      connection,
      "the storage service refused the request: Bad thing at https://x/y?sv=1&sig=[redacted]&se=2 (SomethingNew, HTTP 400)",
      /VMAPPS_DEBUG=1/,
    ],
    [
      "a status without any code",
      Object.assign(new RestError("", { statusCode: 403 }), { details: {} }),
      connection,
      "the storage service refused the request (HTTP 403)",
      /check the account key/,
    ],
  ];
  for (const [label, error, target, message, fix] of table) {
    it(`${label}: code, status and a fix that fits`, () => {
      const failure = storageFailure(error, target);
      assert.ok(failure);
      assert.equal(failure.message, message);
      assert.match(failure.fix, fix);
      assert.equal(failure.exitCode, 1);
      assert.doesNotMatch(`${failure.message} ${failure.fix}`, /c2VjcmV0|this is a bug/);
    });
  }

  it("leaves errors without an HTTP status (network, TLS, sign-in) to the general handling", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    assert.equal(storageFailure(reset, connection), undefined);
    assert.equal(storageFailure(new Error("x"), connection), undefined);
  });
});

describe("vmapps stage: interruption", () => {
  const base: StageProgressState = {
    phase: "upload",
    doneBytes: 24 * 1024 * 1024,
    totalBytes: 100 * 1024 * 1024,
    blobType: "block",
    hadTempFile: true,
  };
  for (const [label, state, expected] of [
    [
      "a block blob mid-way resumes",
      base,
      "interrupted with 24.0 MiB of 100.0 MiB uploaded (its temporary archive was removed); run the same command again to resume: blocks already stored are not sent again (Azure keeps them 7 days; changed content starts over)",
    ],
    [
      "a page blob mid-way starts over",
      { ...base, blobType: "page", hadTempFile: false },
      "interrupted with 24.0 MiB of 100.0 MiB uploaded; run the same command again to stage it: a page blob upload starts over",
    ],
    [
      "while archiving or hashing",
      { ...base, phase: "prepare" },
      "interrupted before the upload started (its temporary archive was removed); run the same command again to stage it",
    ],
    [
      "after the commit, before the SAS",
      { ...base, phase: "commit", hadTempFile: false },
      "interrupted after the upload completed; run the same command again to sign the SAS: nothing is sent again",
    ],
  ] as const) {
    it(`${label}: one line saying what the same command does`, () => {
      assert.equal(interruptedLine(state), expected);
    });
  }

  it("SIGTERM aborts like Ctrl-C, with exit code 143; the listeners go with dispose", () => {
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const listener = listenForInterrupt(bufferIo());
    assert.equal(process.listenerCount("SIGTERM"), (before[1] ?? 0) + 1);
    process.emit("SIGTERM", "SIGTERM");
    assert.equal(listener.signal.aborted, true);
    assert.equal(listener.exitCode(), 143);
    listener.dispose();
    assert.deepEqual([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")], before);
  });
});

describe("vmapps stage: temporary folders of killed runs", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "vmapps-cli-sweep-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function folder(name: string, owner?: object): void {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, "app.tar"), "archive");
    if (owner) writeFileSync(join(root, name, "owner.json"), JSON.stringify(owner));
  }

  it("removes only folders whose process on this machine is gone", () => {
    const gone = 2 ** 22 + 1; // above Linux's pid_max: no such process
    folder("vmapps-stage-killed", { pid: gone, host: hostname() });
    folder("vmapps-stage-running", { pid: process.ppid, host: hostname() });
    folder("vmapps-stage-elsewhere", { pid: gone, host: `${hostname()}-other` });
    folder("vmapps-stage-no-owner");
    folder("other-tool-killed", { pid: gone, host: hostname() });
    assert.deepEqual(sweepStaleWorkDirs(root), [join(root, "vmapps-stage-killed")]);
    assert.deepEqual(readdirSync(root).sort(), [
      "other-tool-killed",
      "vmapps-stage-elsewhere",
      "vmapps-stage-no-owner",
      "vmapps-stage-running",
    ]);
  });
});
