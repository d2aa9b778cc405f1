"""Gainsay: who said what, who denied what, and who contradicts whom — as a stream."""

__version__ = "0.1.0"
