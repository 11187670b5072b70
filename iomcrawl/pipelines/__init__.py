"""Item pipelines: one per extraction stage, each a thin wrapper around the plain-Python stage function.

Order (see ``ITEM_PIPELINES``): decode -> blocks -> releases -> validate, the same sequence as
:func:`iomcrawl.extraction.extract_page`, so a crawl yields what ``iomcrawl extract`` yields.
"""

from __future__ import annotations

from iomcrawl.pipelines.blocks import BlocksPipeline
from iomcrawl.pipelines.decode import DecodePipeline
from iomcrawl.pipelines.releases import ReleasesPipeline
from iomcrawl.pipelines.stage import StagePipeline
from iomcrawl.pipelines.validate import ValidatePipeline

__all__ = ["BlocksPipeline", "DecodePipeline", "ReleasesPipeline", "StagePipeline", "ValidatePipeline"]
