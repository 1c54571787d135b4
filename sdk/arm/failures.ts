/**
 * Resource Manager refusals as one ArmError naming the cause and the fix: a missing version,
 * sign-in, authorisation, throttling past the retries, a failed long-running operation. ARM's
 * own message is kept (first line) for anything else; no token is ever part of it.
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
 */
import { VmAppsError } from "../core/shared/problems";
import { ACCESS_TOKEN_ENV } from "./client";
import { ArmError } from "./errors";

const SIGN_IN = `sign in with \`az login\` (DefaultAzureCredential), or export ${ACCESS_TOKEN_ENV}=$(az account get-access-token --query accessToken -o tsv); for a sovereign cloud, pass its --arm-endpoint`;

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

/** The ArmError for a failed call on `resource`, or the error itself when it is not ARM's. */
export function armFailure(error: unknown, resource: string): unknown {
  if (error instanceof VmAppsError) return error;
  const { statusCode, code, message, name } = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const said = firstLine(String(message ?? ""));
  if (/CredentialUnavailableError|AuthenticationError/.test(String(name))) {
    return new ArmError(
      "SignIn",
      "could not sign in to Azure: no credential available (DefaultAzureCredential)",
      SIGN_IN,
    );
  }
  switch (statusCode) {
    case 404:
      return new ArmError(
        String(code ?? "ResourceNotFound"),
        `Azure has no version ${resource}`,
        "check the id (`pulumi stack output` prints a version's id) and that it is in the subscription you are signed in to",
      );
    case 401:
      return new ArmError(
        String(code ?? "AuthenticationFailed"),
        `Azure Resource Manager refused the sign-in: ${said}`,
        SIGN_IN,
      );
    case 403:
      return new ArmError(
        String(code ?? "AuthorizationFailed"),
        `your identity may not do this on ${resource}: ${said}`,
        "give it a role that can read (and, to republish, write) gallery versions on the gallery, e.g. Contributor or Compute Gallery Artifacts Publisher",
      );
    case 409:
      return new ArmError(
        String(code ?? "Conflict"),
        `Azure refused the update of ${resource} while another operation runs on it: ${said}`,
        "wait until the version's provisioning state is Succeeded (vmapps status), then run the command again",
      );
    case 429:
      return new ArmError(
        "TooManyRequests",
        "Azure Resource Manager kept throttling the requests through every retry",
        "wait a few minutes and run the command again",
      );
  }
  if (typeof statusCode === "number" || /long-running|Polling|operation/i.test(said)) {
    return new ArmError(
      String(code ?? `HTTP${String(statusCode ?? "")}`),
      `Azure refused or failed the request on ${resource}: ${said || "no message"}`,
      "read Azure's message above; fix what it names and run the command again",
    );
  }
  return error;
}
