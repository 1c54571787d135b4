/**
 * What the CLI report recognises resources by: the components' own tokens, never a copy, and the
 * one azure-native token it reads.
 */
import { COMPONENT_TOKENS, DYNAMIC_TYPES } from "../components/tokens";

export const VERSION_COMPONENT = COMPONENT_TOKENS.VmApplicationVersion;

export const isStagedBlob = (type: string): boolean => type === DYNAMIC_TYPES.StagedBlob.token;

/** azure-native resources the plan reads: versions, and the VMs and scale sets that install them. */
export const ARM_VERSION = "azure-native:compute:GalleryApplicationVersion";
export const ARM_SCALE_SET = "azure-native:compute:VirtualMachineScaleSet";
export const ARM_VIRTUAL_MACHINE = "azure-native:compute:VirtualMachine";
