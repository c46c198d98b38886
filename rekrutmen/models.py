"""Rekrutmen models."""
