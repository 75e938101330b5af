"""State changes of the B2B app: ``clients`` (credentials from approval to revocation),
``register`` (the writes of forms 4058 and 4134) and ``calls`` (what each API call records)."""
