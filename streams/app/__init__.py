"""The Faust layer: the only package that imports Faust. Agents here only move records."""
