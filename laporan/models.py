"""Laporan models."""
