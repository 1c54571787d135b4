import { VmAppsError } from "../core/shared/problems";

/**
 * A failure talking to Azure Resource Manager that names its cause and the fix (sign-in, a
 * missing version, a refused update). Like StagingError, the message repeats the fix for whoever
 * prints only messages; `reason` and `fix` are the parts.
 */
export class ArmError extends VmAppsError {
  readonly reason: string;

  constructor(
    readonly code: string,
    reason: string,
    readonly fix: string,
  ) {
    const bare = reason.replace(/\.$/, "");
    super(`${bare}. Fix: ${fix}`, [{ field: code, message: bare, fix, severity: "error" }]);
    this.name = "ArmError";
    this.reason = bare;
  }
}
