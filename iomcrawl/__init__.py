"""iomcrawl: legacy IOM press pages in, validated release records out."""

__version__ = "0.1.0"
