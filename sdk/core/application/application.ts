import { enumProblems, OS_TYPES } from "../shared/enums";
import {
  APPLICATION_NAME_PATTERN,
  type CustomActionShape,
  customActionsProblems,
  endOfLifeProblems,
  isKnown,
  isMissing,
  missing,
  resourceNameProblems,
  uriProblems,
} from "../shared/fields";
import type { Problem } from "../shared/problems";

/** A gallery application (definition) in the azure-native shape. */
export interface ApplicationShape {
  name?: string;
  location?: string;
  supportedOSType?: string;
  description?: string;
  eula?: string;
  privacyStatementUri?: string;
  releaseNoteUri?: string;
  endOfLifeDate?: string | Date;
  customActions?: Array<CustomActionShape | undefined>;
}

export function validateApplication(
  application: ApplicationShape,
  context: { now?: Date } = {},
): Problem[] {
  const now = context.now ?? new Date();
  const problems: Problem[] = [];
  if (isMissing(application, "name")) {
    problems.push(missing("name", "The application name", "Name the application, e.g. my-app."));
  }
  problems.push(
    ...resourceNameProblems(
      application.name,
      APPLICATION_NAME_PATTERN,
      "letters, digits, periods, underscores and hyphens",
      "name",
      "Application name",
    ),
  );
  if (isMissing(application, "supportedOSType")) {
    problems.push(missing("supportedOSType", "supportedOSType", 'Set it to "Windows" or "Linux".'));
  }
  problems.push(
    ...enumProblems(application.supportedOSType, OS_TYPES, "supportedOSType", "supported OS type"),
    ...uriProblems(application.privacyStatementUri, "privacyStatementUri", "privacyStatementUri"),
    ...uriProblems(application.releaseNoteUri, "releaseNoteUri", "releaseNoteUri"),
    ...endOfLifeProblems(application.endOfLifeDate, "endOfLifeDate", now),
    ...customActionsProblems(application.customActions, "customActions"),
  );
  if (isKnown(application.location) && application.location.trim() === "") {
    problems.push(missing("location", "The location", "Set the Azure region, e.g. westeurope."));
  }
  return problems;
}
