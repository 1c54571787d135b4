// Public API of pulumi-azure-vmapps, exported by name. Each concern owns one block below.

// core: pure planning (no @pulumi/* imports)

// staging: moving bytes into a storage account, SAS

// components: ComponentResources

// cli: command-line tool helpers
export {};
