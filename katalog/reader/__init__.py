"""The learned reader (issue 15): text models fused with the rule ranking, calibrated out of fold.

`get_reader()` returns the shipped model or None (rules only). See docs/reader.md.
"""

from katalog.reader.model import Reader, get_reader, load_reader

__all__ = ["Reader", "get_reader", "load_reader"]
