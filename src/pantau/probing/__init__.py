"""Probes and the probe engine. I/O, but no Qt."""
