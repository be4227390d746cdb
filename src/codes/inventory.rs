//! The `forge::inventory` codes.

declare_area! {
    /// INVENTORY.yaml.
    pub enum InventoryCode in "forge::inventory" {
        InvalidYaml("forge::inventory::invalid_yaml",
            "INVENTORY.yaml is not valid YAML; the label points at where the parser failed. YAML alias bombs (aliases expanding to huge documents) are refused the same way."),
        NotAMapping("forge::inventory::not_a_mapping",
            "INVENTORY.yaml must be one mapping of facts (`key: value` lines, nested mappings and lists allowed), not a list or a scalar."),
        TooLarge("forge::inventory::too_large",
            "INVENTORY.yaml is larger than 8 MiB. It holds current facts about one resource, not data."),
    }
}
