"""Embedded default for `make run`: SQLite and the filesystem broker under var/, debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
