"""Detectors: one module each (a strict `Config`, `detect`, `explain`), listed in `registry`."""
