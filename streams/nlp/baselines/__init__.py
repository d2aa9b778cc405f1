"""Baselines to compare Gainsay against (not imported by the package)."""
