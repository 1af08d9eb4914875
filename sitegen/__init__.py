"""sitegen: a static report-site generator for conflict and crisis monitoring."""

__version__ = "0.1.0"
