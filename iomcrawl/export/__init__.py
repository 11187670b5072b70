"""Typed tables from crawl output: releases, people, phones, e-mails, rejected candidates and the crawl
log, as Parquet, CSV or one DuckDB database (``iomcrawl export``)."""

FORMATS = ("parquet", "csv", "duckdb")  # here, not in writers.py: the parser lists them without pyarrow
