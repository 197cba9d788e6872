"""Showing runs to people."""

from ._console import Console

__all__ = ["Console"]
