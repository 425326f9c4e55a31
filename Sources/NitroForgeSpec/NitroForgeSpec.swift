// NitroForgeSpec: see ARCHITECTURE.md's code layout for what this module owns.
