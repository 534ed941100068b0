"""Alias of the demo settings for local development."""

from .demo import *  # noqa: F403
