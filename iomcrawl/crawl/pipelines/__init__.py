"""Item pipelines: one per extraction stage, each a thin wrapper around the plain-Python stage function.

Order (see ``ITEM_PIPELINES``): decode -> blocks -> releases -> validate, the same sequence as
:func:`iomcrawl.extraction.extract_page`, so a crawl yields what ``iomcrawl extract`` yields.
"""

from __future__ import annotations

from iomcrawl.crawl.pipelines.blocks import BlocksPipeline
from iomcrawl.crawl.pipelines.decode import DecodePipeline
from iomcrawl.crawl.pipelines.releases import ReleasesPipeline
from iomcrawl.crawl.pipelines.stage import StagePipeline
from iomcrawl.crawl.pipelines.validate import ValidatePipeline

__all__ = ["BlocksPipeline", "DecodePipeline", "ReleasesPipeline", "StagePipeline", "ValidatePipeline"]
