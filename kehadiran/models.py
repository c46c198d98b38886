"""Kehadiran models."""
