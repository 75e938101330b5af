"""The accounts' forms, one module per audience (docs/architecture.md)."""
