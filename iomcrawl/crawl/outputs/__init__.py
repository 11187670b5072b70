"""What a crawl writes: records and the crawl log (pages.jsonl), the summary, and the resume journal."""
