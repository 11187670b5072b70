"""Many saved pages through the extraction chain at once (`iomcrawl extract PATH…`).

inputs: the pages that PATHs name (files, folders, archives, a list on stdin), in input order;
pages: one page through the chain, in a worker process, as records and a pages-log line;
pool: worker processes with a deadline per page, results in input order;
pagelog: the pages log's lines, with the crawl log's field names.
"""
