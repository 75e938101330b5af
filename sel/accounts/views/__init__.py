"""The accounts' pages, one module per audience (docs/architecture.md)."""
