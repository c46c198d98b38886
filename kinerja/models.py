"""Kinerja models."""
