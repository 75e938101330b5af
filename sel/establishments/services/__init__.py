"""Every state change of the establishments' applications, one module per business object."""
