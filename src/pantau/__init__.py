"""Pantau: live watch over a regency's office network links, faults and bandwidth contracts."""

__version__ = "0.1.0"
