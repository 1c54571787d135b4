/**
 * Checks of a scale set declared with azure-native, beyond its application profile: its upgrade
 * policy. Rolling mode needs a health signal in the scale set's own model, or Azure refuses the
 * scale set ("a health probe or health extension was not provided"); with Flexible orchestration
 * only the Application Health extension counts.
 * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-configure-rolling-upgrades#requirements
 * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-health-extension
 */
import { isKnown } from "../shared/fields";
import { error, type Problem } from "../shared/problems";
import {
  HEALTH_SIGNAL_NOTE,
  type RollingUpgradePolicyShape,
  rollingUpgradePolicyProblems,
} from "./rollingPolicy";

/** The parts of a scale set's inputs (azure-native shape) these checks read. */
export interface ScaleSetShape {
  orchestrationMode?: string;
  upgradePolicy?: { mode?: string; rollingUpgradePolicy?: RollingUpgradePolicyShape };
  virtualMachineProfile?: {
    networkProfile?: { healthProbe?: unknown };
    extensionProfile?: { extensions?: ReadonlyArray<{ type?: string } | undefined> };
  };
}

const HEALTH_EXTENSION = /^ApplicationHealth(Linux|Windows)$/i;

/** The upgrade policy's ranges, and Rolling mode's health signal. */
export function scaleSetUpgradeProblems(scaleSet: ScaleSetShape): Problem[] {
  const policy = scaleSet.upgradePolicy;
  if (!isKnown(policy)) return [];
  const problems = isKnown(policy.rollingUpgradePolicy)
    ? rollingUpgradePolicyProblems(
        policy.rollingUpgradePolicy,
        "upgradePolicy.rollingUpgradePolicy",
      )
    : [];
  if (policy.mode !== "Rolling") return problems;
  const profile = scaleSet.virtualMachineProfile;
  if (!isKnown(profile)) return problems;
  const extensions = profile.extensionProfile?.extensions;
  // An extension list still unknown may hold the health extension: not judged now.
  if (isKnown(profile.extensionProfile) && !isKnown(extensions)) return problems;
  const hasExtension = (extensions ?? []).some(
    (extension) =>
      !isKnown(extension) || !isKnown(extension.type) || HEALTH_EXTENSION.test(extension.type),
  );
  const flexible = scaleSet.orchestrationMode === "Flexible";
  const hasProbe = isKnown(profile.networkProfile) && "healthProbe" in profile.networkProfile;
  if (hasExtension || (hasProbe && !flexible)) return problems;
  problems.push(
    error(
      "upgradePolicy.mode",
      `Rolling mode needs a health signal and this scale set has none${hasProbe ? " that counts (with Flexible orchestration a load balancer probe does not)" : ""}; Azure refuses the scale set. ${HEALTH_SIGNAL_NOTE}`,
      flexible
        ? "Add the Application Health extension (ApplicationHealthLinux or ApplicationHealthWindows, publisher Microsoft.ManagedServices) to virtualMachineProfile.extensionProfile.extensions."
        : "Add the Application Health extension (ApplicationHealthLinux or ApplicationHealthWindows, publisher Microsoft.ManagedServices) to virtualMachineProfile.extensionProfile.extensions, or set virtualMachineProfile.networkProfile.healthProbe to a load balancer probe's id.",
    ),
  );
  return problems;
}
