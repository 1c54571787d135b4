import type * as pulumi from "@pulumi/pulumi";
import type { ApplicationFacts } from "../../core/application/recipes/origin";
import { known } from "../shared/known";
import { parseApplicationId } from "../shared/resourceIds";
import type { ApplicationRef } from "../shared/types";

/**
 * The name and OS a `VmApplication` was declared with, by the component and by its `id` Output:
 * a version given `application: app` or `applicationId: app.id` knows them before deployment,
 * while the component's own outputs are still unknown. Kept out of the component class because
 * the schema Analyzer publishes every class field as an output; weak, so nothing outlives its
 * program run.
 */
const declared = new WeakMap<object, ApplicationFacts>();

export function rememberApplication(component: object, id: object, facts: ApplicationFacts): void {
  declared.set(component, facts);
  declared.set(id, facts);
}

/** What is known now of the application a version belongs to; each fact may be missing. */
export function applicationFacts(
  application: ApplicationRef | undefined,
  applicationId: pulumi.Input<string> | undefined,
): ApplicationFacts {
  if (application !== null && typeof application === "object") {
    const byObject = declared.get(application) ?? declaredBy(application.id);
    return (
      byObject ?? {
        name: text(application.applicationName),
        os: text(application.supportedOsType),
      }
    );
  }
  const id = known(applicationId);
  if (typeof id === "string") return { name: parseApplicationId(id)?.applicationName };
  return declaredBy(applicationId) ?? {};
}

function declaredBy(id: unknown): ApplicationFacts | undefined {
  return id !== null && typeof id === "object" ? declared.get(id) : undefined;
}

function text(value: pulumi.Input<string> | undefined): string | undefined {
  const plain = known(value);
  return typeof plain === "string" ? plain : undefined;
}
