"""Shared helper for the task data modules."""

from __future__ import annotations


def ex(output: str, **fields: str) -> dict:
    """A worked example in registry form: field values and the expected output."""
    return {"fields": fields, "output": output}
