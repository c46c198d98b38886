"""Pelatihan models."""
