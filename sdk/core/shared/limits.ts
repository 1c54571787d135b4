/**
 * Every documented number the package checks, each with the source it comes from.
 * "VM Applications" is Azure's overview, limits and error table:
 * https://learn.microsoft.com/azure/virtual-machines/vm-applications
 * "Compute Gallery" is Azure's Shared Image Gallery overview (replica scaling, per-subscription
 * limits, billing): https://learn.microsoft.com/azure/virtual-machines/shared-image-galleries
 * Changing a rule means changing it here, not in a component.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const BYTES = { KiB, MiB, GiB } as const;

/** Each of Major.Minor.Patch is an int32 (VM Applications overview error table: "invalid version name"). */
export const VERSION_PART_MAX = 2_147_483_647;

/** `mediaLink` blob at most 2 GB (VM Applications overview "2 GB application size"). */
export const MAX_PACKAGE_BYTES = 2 * GiB;
/** `defaultConfigurationLink` blob at most 1 GB (VM Applications overview). */
export const MAX_CONFIG_BYTES = 1 * GiB;

/** Version-wide `replicaCount` must be 1..3 (VM Applications overview error table: "out of range"). */
export const REPLICA_COUNT_MIN = 1;
export const REPLICA_COUNT_MAX = 3;

/** Up to 10 replicas per region for page and block blobs (VM Applications overview "10 replicas per region"). */
export const REGIONAL_REPLICA_MAX = 10;
/**
 * A block blob source allows at most 3 replicas in a region; more need a page blob
 * (Azure VM Applications guidance; the product card's replica rules).
 */
export const BLOCK_BLOB_REPLICA_MAX = 3;
/** Page blobs are made of 512-byte pages: the package size must be a multiple of this. */
export const PAGE_BLOB_ALIGNMENT = 512;

/** `install`, `remove`, `update` are each limited to 4096 characters (REST spec UserArtifactManage). */
export const MANAGE_ACTION_MAX_CHARS = 4096;
/** `packageFileName` / `configFileName` are limited to 4096 characters (REST spec UserArtifactSettings). */
export const FILE_NAME_MAX_CHARS = 4096;

/**
 * A single file name is at most 255 characters on NTFS and ext4, so a longer `packageFileName`
 * passes the REST limit above but cannot be written on the VM (Windows "Maximum Path Length
 * Limitation"; Linux NAME_MAX).
 */
export const FILE_NAME_COMPONENT_MAX_CHARS = 255;

/** At most 300 versions of an application per region (VM Applications overview). */
export const VERSIONS_PER_REGION_MAX = 300;
/**
 * At most 25 applications per VM or scale set (VM Applications overview limits). The error table still quotes 5
 * ("maximum=5"); the limits section, which is newer, says 25.
 */
export const APPLICATIONS_PER_VM_MAX = 25;

/** Gallery and application names: 1..80 characters (Azure naming rules for Microsoft.Compute/galleries). */
export const NAME_MAX_CHARS = 80;

/** One replica for every 20 VMs created at the same time (Compute Gallery overview "Scaling": 120 VMs → 6). */
export const VMS_PER_REPLICA = 20;
/** One replica per scale-set deployment of up to 600 instances (Compute Gallery overview "Scaling": 5 × 600 → 5). */
export const SCALE_SET_INSTANCES_PER_REPLICA = 600;
/** About 200 simultaneous downloads per replica's storage account per region (Azure VM runtime team guidance). */
export const CONCURRENT_DOWNLOADS_PER_REPLICA = 200;

/** Block blobs hold at most 50,000 committed blocks (Azure Storage scalability targets). */
export const MAX_BLOCKS_PER_BLOB = 50_000;
/** Default block size for staging uploads. */
export const DEFAULT_BLOCK_SIZE = 8 * MiB;
/** Largest block a Put Block call accepts (service version 2019-12-12 and later). */
export const MAX_BLOCK_SIZE = 4000 * MiB;

/**
 * `order` of a gallery application on a VM is an int32 (Compute REST spec 2024-11-01,
 * `VMGalleryApplication.order`).
 */
export const APPLICATION_ORDER_MIN = -2_147_483_648;
export const APPLICATION_ORDER_MAX = 2_147_483_647;

/**
 * Rolling upgrade policy ranges (Compute REST spec 2024-11-01, `RollingUpgradePolicy`):
 * `maxBatchInstancePercent` 5..100, `maxUnhealthyInstancePercent` 5..100,
 * `maxUnhealthyUpgradedInstancePercent` 0..100. Azure's default for each is 20.
 */
export const ROLLING_BATCH_PERCENT_MIN = 5;
export const ROLLING_BATCH_PERCENT_MAX = 100;
export const ROLLING_UNHEALTHY_PERCENT_MIN = 5;
export const ROLLING_UNHEALTHY_PERCENT_MAX = 100;
export const ROLLING_UNHEALTHY_UPGRADED_PERCENT_MIN = 0;
export const ROLLING_UNHEALTHY_UPGRADED_PERCENT_MAX = 100;
/** Azure's default for the batch and both unhealthy percentages (REST spec descriptions). */
export const ROLLING_DEFAULT_PERCENT = 20;
