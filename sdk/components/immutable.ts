/**
 * The immutable-property check as the VersionGuard provider loads it. Every serialized guard in
 * Pulumi state names this module by path (`<package>/dist/components/immutable`), so it stays
 * here while the code lives in ./shared/immutable.ts; the guard imports it through this path.
 */
export {
  APPLICATION_VERSION_IMMUTABLES,
  differs,
  IMMUTABLE_PROPERTIES,
  type ImmutableTable,
  type ImmutableViolation,
  immutableViolations,
  type VersionFingerprint,
} from "./shared/immutable";
