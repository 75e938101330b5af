"""Attacks on the security perimeter, each through the real HTTP stack, named after what the
attacker tries (issue « Security perimeter »)."""
