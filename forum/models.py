"""Forum models."""
