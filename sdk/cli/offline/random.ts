import { createHash } from "node:crypto";
import { inputText, secretWire, unwrapSecrets } from "./values";

/**
 * Deterministic stand-ins for generated values: what @pulumi/random returns, and the ids, suffixes
 * and GUIDs Azure generates. Derived from a seed (type and logical name), so the same program gives
 * the same plan and CI diffs stay quiet.
 */
type Inputs = Record<string, unknown>;

export function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** A GUID in Azure's 8-4-4-4-12 form. */
export function uuidFrom(seed: string): string {
  const hex = digest(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const alphabet = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numeric: "0123456789",
  special: "!#$%&*()-_=+[]{}<>:?",
};

/** A random provider result that honours the requested length and character classes. */
function randomText(seed: string, inputs: Inputs): string {
  const length = Number(unwrapSecrets(inputs.length) ?? 16);
  const enabled = (key: keyof typeof alphabet) => unwrapSecrets(inputs[key]) !== false;
  const chars =
    (enabled("lower") ? alphabet.lower : "") +
    (enabled("upper") ? alphabet.upper : "") +
    (enabled("numeric") ? alphabet.numeric : "") +
    (enabled("special") ? alphabet.special : "");
  const pool = chars || alphabet.lower;
  const bytes = createHash("sha512").update(seed).digest();
  let result = "";
  for (let i = 0; i < length; i++) result += pool[(bytes[i % bytes.length] ?? 0) % pool.length];
  return result;
}

/** What the random provider answers for `random:index/…` resources. */
export function answerRandom(
  type: string,
  name: string,
  inputs: Inputs,
): { id: string; state: Inputs } {
  const seed = `${type}::${name}`;
  const id = digest(seed, 16);
  switch (type) {
    case "random:index/randomString:RandomString":
      return { id, state: { ...inputs, result: randomText(seed, inputs) } };
    case "random:index/randomPassword:RandomPassword":
      return {
        id,
        state: {
          ...inputs,
          result: secretWire(randomText(seed, inputs)),
          bcryptHash: secretWire("offline"),
        },
      };
    case "random:index/randomId:RandomId": {
      const bytes = Number(unwrapSecrets(inputs.byteLength) ?? 8);
      const buffer = createHash("sha256").update(seed).digest().subarray(0, bytes);
      const prefix = inputText(inputs, "prefix") ?? "";
      return {
        id,
        state: {
          ...inputs,
          hex: prefix + buffer.toString("hex"),
          b64Url: prefix + buffer.toString("base64url"),
          b64Std: prefix + buffer.toString("base64"),
          dec: prefix + BigInt(`0x${buffer.toString("hex") || "0"}`).toString(),
        },
      };
    }
    case "random:index/randomPet:RandomPet": {
      const pet = ["calm-otter", "brave-lynx", "quick-heron"][
        Number.parseInt(id.slice(0, 2), 16) % 3
      ];
      const prefix = inputText(inputs, "prefix");
      return { id: prefix ? `${prefix}-${pet}` : `${pet}`, state: { ...inputs } };
    }
    case "random:index/randomUuid:RandomUuid":
      return { id: uuidFrom(seed), state: { ...inputs, result: uuidFrom(seed) } };
    case "random:index/randomInteger:RandomInteger":
      return { id, state: { ...inputs, result: Number(unwrapSecrets(inputs.min) ?? 0) } };
    default:
      return { id, state: { ...inputs } };
  }
}
