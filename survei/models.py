"""Survei models."""
