"""Task definitions as data: one module per category, each with CATEGORY_ID, CATEGORY_NAME and TASKS.

Every template and worked example here was written by the KATALOG project (Korean, original);
only the statute snippets in `legal.py` quote the Road Traffic Act (도로교통법), attributed there.
"""

from __future__ import annotations

from general_tasks.tasks import (
    arithmetic,
    extraction,
    generation,
    hate,
    intent,
    legal,
    nli,
    qa,
    sentiment,
    similarity,
    style,
    summarization,
    topic,
)

#: Registry order: categories in this order, tasks in module order.
CATEGORY_MODULES = [
    topic,
    sentiment,
    hate,
    nli,
    similarity,
    qa,
    summarization,
    extraction,
    generation,
    style,
    intent,
    arithmetic,
    legal,
]

