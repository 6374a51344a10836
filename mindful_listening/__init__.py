"""Mindful Listening: a teaching aid for running mindful listening practice."""

__version__ = "0.1.0"
