import assert from "node:assert/strict";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import {
  DEFAULT_BLOCK_SIZE,
  MAX_BLOCKS_PER_BLOB,
  MAX_CONFIG_BYTES,
  MAX_PACKAGE_BYTES,
} from "../../sdk/core/shared/limits";
import { backoffDelay, isTransient, withRetry } from "../../sdk/staging/retry";
import {
  checkSasWindow,
  DEFAULT_SAS_RENEW_WITHIN_DAYS,
  DEFAULT_SAS_VALID_DAYS,
  sasNeedsRenewal,
  sasSettingsProblems,
  sasWindowFrom,
} from "../../sdk/staging/sas/rules";
import {
  alignmentGap,
  detectFormat,
  emptyGzipMember,
  gzipPaddingBytes,
  pageBlobSupport,
} from "../../sdk/staging/source/align";
import { refuseSource } from "../../sdk/staging/source/rules";
import { MAX_PUT_PAGE_BYTES, planBlocks, planPages } from "../../sdk/staging/upload/plan";

const SHA = "a".repeat(64);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const DAY = 24 * 3600 * 1000;

describe("staging plan (pure)", () => {
  it("covers the file exactly, in order, with ≤ 50,000 fixed-length unique ids", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_PACKAGE_BYTES }),
        fc.integer({ min: 1, max: 64 * 1024 * 1024 }),
        hex64,
        (size, blockSize, sha256) => {
          const plan = planBlocks({ size, sha256, blockSize });
          assert.ok(plan.blocks.length <= MAX_BLOCKS_PER_BLOB);
          let offset = 0;
          for (const [index, block] of plan.blocks.entries()) {
            assert.equal(block.index, index);
            assert.equal(block.offset, offset);
            assert.ok(block.length > 0 && block.length <= plan.blockSize);
            offset += block.length;
          }
          assert.equal(offset, size);
          const ids = plan.blocks.map((block) => block.id);
          assert.equal(new Set(ids.map((id) => id.length)).size, 1);
          assert.equal(new Set(ids).size, ids.length);
          assert.ok(Buffer.from(ids[0] ?? "", "base64").length <= 64);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("defaults to 8 MiB and grows the block size only past 50,000 blocks", () => {
    assert.equal(planBlocks({ size: 1, sha256: SHA }).blockSize, DEFAULT_BLOCK_SIZE);
    const exact = planBlocks({ size: 50_000 * 1024, sha256: SHA, blockSize: 1024 });
    assert.equal(exact.blockSize, 1024);
    assert.equal(exact.grownFrom, undefined);
    const grown = planBlocks({ size: 50_000 * 1024 + 1, sha256: SHA, blockSize: 1024 });
    assert.equal(grown.grownFrom, 1024);
    assert.equal(grown.blockSize, 1024 * 1024);
  });

  it("gives the same ids for the same content and block size, others otherwise", () => {
    const a = planBlocks({ size: 10, sha256: SHA, blockSize: 4 });
    assert.deepEqual(planBlocks({ size: 10, sha256: SHA, blockSize: 4 }), a);
    assert.notEqual(
      planBlocks({ size: 10, sha256: "b".repeat(64), blockSize: 4 }).blocks[0]?.id,
      a.blocks[0]?.id,
    );
    assert.notEqual(
      planBlocks({ size: 10, sha256: SHA, blockSize: 5 }).blocks[0]?.id,
      a.blocks[0]?.id,
    );
  });

  it("rejects nonsense sizes, hashes and block sizes", () => {
    assert.throws(() => planBlocks({ size: 0, sha256: SHA }), /size/);
    assert.throws(() => planBlocks({ size: 1, sha256: "xyz" }), /sha256/);
    assert.throws(() => planBlocks({ size: 1, sha256: SHA, blockSize: 0 }), /blockSize/);
    assert.throws(
      () => planBlocks({ size: 1, sha256: SHA, blockSize: 4001 * 1024 * 1024 }),
      /maximum/,
    );
  });

  it("splits page blobs into ≤ 4 MiB aligned ranges and refuses unaligned sizes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40_000 }), (pages) => {
        const ranges = planPages(pages * 512);
        assert.equal(
          ranges.reduce((total, range) => total + range.length, 0),
          pages * 512,
        );
        for (const range of ranges) {
          assert.equal(range.offset % 512, 0);
          assert.ok(range.length <= MAX_PUT_PAGE_BYTES && range.length % 512 === 0);
        }
      }),
    );
    assert.throws(() => planPages(513), /multiple of 512/);
    assert.throws(() => planPages(1024, 1000), /pageWriteSize/);
    assert.throws(() => planPages(1024, 8 * 1024 * 1024), /pageWriteSize/);
  });

  const refusals: Array<[string, Parameters<typeof refuseSource>[0], string | undefined]> = [
    ["missing", { path: "p", kind: "package", blobType: "block" }, "SOURCE_MISSING"],
    [
      "folder",
      { path: "p", stat: { isFile: false, size: 0 }, kind: "package", blobType: "block" },
      "SOURCE_NOT_A_FILE",
    ],
    [
      "empty",
      { path: "p", stat: { isFile: true, size: 0 }, kind: "package", blobType: "block" },
      "SOURCE_EMPTY",
    ],
    [
      "1 byte",
      { path: "p", stat: { isFile: true, size: 1 }, kind: "package", blobType: "block" },
      undefined,
    ],
    [
      "2 GiB package",
      {
        path: "p",
        stat: { isFile: true, size: MAX_PACKAGE_BYTES },
        kind: "package",
        blobType: "block",
      },
      undefined,
    ],
    [
      "2 GiB + 1 package",
      {
        path: "p",
        stat: { isFile: true, size: MAX_PACKAGE_BYTES + 1 },
        kind: "package",
        blobType: "block",
      },
      "SOURCE_TOO_LARGE",
    ],
    [
      "1 GiB config",
      {
        path: "p",
        stat: { isFile: true, size: MAX_CONFIG_BYTES },
        kind: "config",
        blobType: "block",
      },
      undefined,
    ],
    [
      "1 GiB + 1 config",
      {
        path: "p",
        stat: { isFile: true, size: MAX_CONFIG_BYTES + 1 },
        kind: "config",
        blobType: "block",
      },
      "SOURCE_TOO_LARGE",
    ],
    [
      "unaligned page",
      { path: "p", stat: { isFile: true, size: 1000 }, kind: "package", blobType: "page" },
      "NOT_ALIGNED",
    ],
    [
      "aligned page",
      { path: "p", stat: { isFile: true, size: 1024 }, kind: "package", blobType: "page" },
      undefined,
    ],
  ];
  for (const [label, facts, code] of refusals) {
    it(`refuses before upload: ${label} → ${code ?? "accepted"}`, () => {
      const refusal = refuseSource(facts);
      assert.equal(refusal?.code, code);
      if (refusal) assert.ok(refusal.fix.length > 10);
    });
  }
});

describe("staging retry policy (pure)", () => {
  const table: Array<[unknown, boolean]> = [
    [{ statusCode: 429 }, true],
    [{ statusCode: 500 }, true],
    [{ statusCode: 502 }, true],
    [{ statusCode: 503 }, true],
    [{ statusCode: 504 }, true],
    [{ statusCode: 408 }, true],
    [{ statusCode: 400 }, false],
    [{ statusCode: 401 }, false],
    [{ statusCode: 403 }, false],
    [{ statusCode: 404 }, false],
    [{ statusCode: 409 }, false],
    [{ statusCode: 412 }, false],
    [{ statusCode: 403, code: "ECONNRESET" }, false],
    [{ code: "ECONNRESET" }, true],
    [{ code: "ETIMEDOUT" }, true],
    [{ code: "ATTEMPT_TIMEOUT" }, true],
    [{ code: "ENOTFOUND" }, false],
    [{ code: "ECONNREFUSED" }, false],
    [{ message: "socket hang up" }, true],
    [{ code: "REQUEST_SEND_ERROR", cause: { code: "ECONNRESET" } }, true],
    [new TypeError("bad argument"), false],
    ["string", false],
  ];
  for (const [error, transient] of table) {
    it(`${JSON.stringify(error)} is ${transient ? "retried" : "never retried"}`, () => {
      assert.equal(isTransient(error), transient);
    });
  }

  it("backs off exponentially with bounded jitter", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, {
            baseDelayMs: 100,
            maxDelayMs: 5000,
            random: () => r,
          });
          const step = Math.min(5000, 100 * 2 ** (attempt - 1));
          assert.ok(delay >= step / 2 && delay <= step);
        },
      ),
    );
  });

  it("retries transient failures, stops at once on a permanent one, and times out slow attempts", async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error("busy"), { statusCode: 503 });
        return "ok";
      },
      { baseDelayMs: 1 },
    );
    assert.equal(value, "ok");
    assert.equal(calls, 3);

    calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw Object.assign(new Error("denied"), { statusCode: 403 });
        },
        { baseDelayMs: 1 },
      ),
      /denied/,
    );
    assert.equal(calls, 1);

    calls = 0;
    await assert.rejects(
      withRetry(
        (signal) => {
          calls++;
          return new Promise((_, reject) =>
            signal.addEventListener("abort", () => reject(new Error("aborted"))),
          );
        },
        { baseDelayMs: 1, attemptTimeoutMs: 20, maxAttempts: 3 },
      ),
      /timed out/,
    );
    assert.equal(calls, 3);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user abort")), 20);
    await assert.rejects(
      withRetry(
        async () => {
          throw Object.assign(new Error("busy"), { statusCode: 503 });
        },
        { baseDelayMs: 10_000, signal: controller.signal },
      ),
      /user abort/,
    );
  });
});

describe("staging SAS rules (pure)", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  it("checks windows per SAS kind", () => {
    assert.deepEqual(checkSasWindow(sasWindowFrom(now, 30), "service", now), []);
    assert.equal(checkSasWindow(sasWindowFrom(now, 7.5), "user-delegation", now).length, 1);
    assert.deepEqual(
      checkSasWindow(sasWindowFrom(now, DEFAULT_SAS_VALID_DAYS), "user-delegation", now),
      [],
    );
    assert.match(
      checkSasWindow({ startsOn: now, expiresOn: now }, "service", now)[0] ?? "",
      /after/,
    );
    assert.match(
      checkSasWindow({ startsOn: new Date("x"), expiresOn: now }, "service", now)[0] ?? "",
      /valid dates/,
    );
  });

  it("refuses a window that has already expired, by the caller's clock", () => {
    const past = { startsOn: new Date(now.getTime() - 2 * DAY), expiresOn: now };
    assert.deepEqual(
      checkSasWindow(past, "service", now).map((problem) => /not after now/.test(problem)),
      [true],
    );
    assert.deepEqual(checkSasWindow(past, "service", new Date(now.getTime() - 1)), []);
  });

  const settingsTable: [string, Parameters<typeof sasSettingsProblems>[0], string[], RegExp?][] = [
    ["defaults, user delegation", { userDelegation: true }, []],
    ["7 days, user delegation", { validForDays: 7, userDelegation: true }, []],
    [
      "8 days, user delegation",
      { validForDays: 8, userDelegation: true },
      ["validForDays"],
      /at most 7 days.*connection string/s,
    ],
    ["8 days, service SAS", { validForDays: 8, userDelegation: false }, []],
    ["365 days, service SAS", { validForDays: 365, userDelegation: false }, []],
    ["0 days", { validForDays: 0, userDelegation: false }, ["validForDays"], /above 0/],
    ["-1 days", { validForDays: -1, userDelegation: true }, ["validForDays"], /above 0/],
    ["NaN days", { validForDays: Number.NaN, userDelegation: false }, ["validForDays"]],
    ["renew -1", { renewWithinDays: -1, userDelegation: true }, ["renewWithinDays"], /0 or more/],
    [
      "renew = valid",
      { validForDays: 3, renewWithinDays: 3, userDelegation: true },
      ["renewWithinDays"],
      /less than validForDays/,
    ],
    [
      "renew > default valid",
      { renewWithinDays: 6, userDelegation: true },
      ["renewWithinDays"],
      /less than validForDays \(6\)/,
    ],
    ["renew 0", { validForDays: 1, renewWithinDays: 0, userDelegation: true }, []],
  ];
  for (const [label, settings, fields, pattern] of settingsTable) {
    it(`SAS settings: ${label} → ${fields.join(", ") || "accepted"}`, () => {
      const problems = sasSettingsProblems(settings);
      assert.deepEqual(
        problems.map((problem) => problem.field),
        fields,
      );
      for (const problem of problems) {
        assert.equal(problem.severity, "error");
        assert.ok(problem.message.includes(problem.field), "the message names the argument");
        assert.ok(problem.fix.length > 0);
      }
      if (pattern) assert.match(`${problems[0]?.message} ${problems[0]?.fix}`, pattern);
    });
  }

  it("SAS settings: names problems as the caller spells the arguments", () => {
    const problems = sasSettingsProblems(
      { validForDays: 10, renewWithinDays: -2, userDelegation: true },
      { validForDays: "sas.validForDays", renewWithinDays: "sas.renewWithinDays" },
    );
    assert.deepEqual(
      problems.map((problem) => problem.field),
      ["sas.validForDays", "sas.renewWithinDays"],
    );
    assert.match(problems[0]?.fix ?? "", /sas\.validForDays to 7/);
  });

  it("SAS settings: every accepted policy signs a window the SAS kind allows", () => {
    fc.assert(
      fc.property(
        // Sub-millisecond windows round to nothing and are not a policy anyone sets.
        fc.oneof(fc.double({ min: -2, max: 0, noNaN: true }), fc.double({ min: 0.01, max: 400 })),
        fc.double({ min: -2, max: 400, noNaN: true }),
        fc.boolean(),
        (validForDays, renewWithinDays, userDelegation) => {
          const accepted =
            sasSettingsProblems({ validForDays, renewWithinDays, userDelegation }).length === 0;
          const window = validForDays > 0 ? sasWindowFrom(now, validForDays) : undefined;
          const signable =
            window !== undefined &&
            checkSasWindow(window, userDelegation ? "user-delegation" : "service", now).length ===
              0;
          assert.equal(
            accepted,
            signable && renewWithinDays >= 0 && renewWithinDays < validForDays,
          );
        },
      ),
    );
  });

  it("renews exactly when less than the threshold remains", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10 * DAY, max: 30 * DAY }),
        fc.integer({ min: 0, max: 10 }),
        (remaining, within) => {
          const expires = new Date(now.getTime() + remaining);
          assert.equal(sasNeedsRenewal(expires, now, within), remaining < within * DAY);
        },
      ),
    );
    assert.ok(DEFAULT_SAS_RENEW_WITHIN_DAYS < DEFAULT_SAS_VALID_DAYS);
  });
});

describe("page-blob alignment (pure)", () => {
  it("builds an empty gzip member of any size 26..65557 that gunzip accepts as nothing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 26, max: 65_557 }), (bytes) => {
        const member = emptyGzipMember(bytes);
        assert.equal(member.length, bytes);
        const data = Buffer.from("payload");
        assert.deepEqual(gunzipSync(Buffer.concat([gzipSync(data), member])), data);
      }),
      { numRuns: 40 },
    );
    assert.throws(() => emptyGzipMember(25), RangeError);
  });

  it("pads gzip to the next multiple of 512, adding a page when the gap is too small", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (size) => {
        const padding = gzipPaddingBytes(size);
        assert.equal((size + padding) % 512, 0);
        assert.ok(padding === 0 || padding >= 26);
        assert.ok(padding < 512 + 26);
      }),
    );
    assert.equal(alignmentGap(1024), 0);
    assert.equal(alignmentGap(1025), 511);
  });

  const pageBlobTable: [Parameters<typeof pageBlobSupport>[0], string][] = [
    ["app.tar", "native"],
    ["tar", "native"],
    [{ archiveFormat: "tar" }, "native"],
    ["app.zip", "padded"],
    ["zip", "padded"],
    ["tar.gz", "padded"],
    ["/pkg/App.TGZ", "padded"],
    ["app.tar.gz", "padded"],
    [{ path: "folder", archiveFormat: "zip" }, "padded"],
    [{ path: "app.zip", size: 1024 }, "native"],
    ["setup.exe", "needs-allowPadding"],
    ["setup.msi", "needs-allowPadding"],
    ["pkg.deb", "needs-allowPadding"],
    ["config.json", "needs-allowPadding"],
    ["installer", "needs-allowPadding"],
    [{ path: "setup.exe", size: 4096 }, "native"],
    [{ path: "setup.exe", size: 4097 }, "needs-allowPadding"],
  ];
  for (const [source, support] of pageBlobTable) {
    it(`page blob support: ${JSON.stringify(source)} → ${support}`, () => {
      assert.equal(pageBlobSupport(source), support);
    });
  }

  it("detects zip, gzip, tar and unknown by magic bytes", () => {
    assert.equal(detectFormat(Buffer.from("PK\x03\x04rest", "latin1")), "zip");
    assert.equal(detectFormat(gzipSync(Buffer.from("x"))), "gzip");
    const tarHeader = Buffer.alloc(512);
    tarHeader.write("ustar", 257, "latin1");
    assert.equal(detectFormat(tarHeader), "tar");
    assert.equal(detectFormat(Buffer.from("MZ\x90\x00")), "unknown");
  });
});
