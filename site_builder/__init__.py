"""site_builder: static research microsites comparing several reports of the same events."""

__version__ = "0.1.0"
