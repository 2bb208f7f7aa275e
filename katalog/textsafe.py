"""Making untrusted text safe to show: terminal escape sequences and control characters removed.

Case descriptions, party names, reviewer reasons and LLM output may contain raw terminal escapes
(`ESC ] 0 ; title BEL` sets the window title, `ESC [ 2 J` clears the screen, `ESC ] 8 ;;url`
makes hidden links), C0/C1 control characters, or bidirectional overrides that reorder what a
reader sees. `clean_text()` removes all of them (tab and newline are kept when asked);
`escape_controls()` makes them visible instead (`\\x1b`), for diagnostics such as import rejects.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ … final byte), OSC / DCS / SOS / PM / APC strings (ended by
# BEL or ST = ESC \\), and two-byte escapes. The 8-bit forms: CSI U+009B, OSC U+009D, DCS U+0090 …
_ANSI = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                     # CSI … final
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC/DCS/SOS/PM/APC … BEL or ST
  | \x1b[ -/]*[0-~]                                      # other ESC sequences (ESC c, ESC ( B …)
  | \x1b                                                 # a lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)
# Bidirectional embedding / override / isolate controls (Trojan-source style reordering).
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_CONTROL_CHARS = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))) + _BIDI + "\ufeff"


def _strip_table(keep: str) -> dict[int, None]:
    return {ord(c): None for c in _CONTROL_CHARS if c not in keep}


_TABLES: dict[str, dict[int, None]] = {}


def clean_text(value: object, *, keep_newlines: bool = False) -> str:
    """`value` as text without escape sequences and control characters.

    Tabs become spaces; with `keep_newlines` line breaks stay (CR LF and CR become LF), otherwise
    they become spaces. Nothing else is changed (Korean, emoji and punctuation stay as they are).
    """
    text = "" if value is None else str(value)
    if not text:
        return text
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    keep = "\n" if keep_newlines else ""
    table = _TABLES.get(keep)
    if table is None:
        table = _TABLES[keep] = _strip_table(keep)
    return text.translate(table)


def has_controls(value: str) -> bool:
    """True when `clean_text` would change anything but whitespace."""
    return clean_text(value, keep_newlines=True) != value.replace("\r\n", "\n").replace("\r", "\n").replace(
        "\t", " "
    )


def escape_controls(value: object, limit: int | None = None) -> str:
    """Control characters shown as `\\xNN` / `\\uNNNN` (tab, CR, LF as `\\t`, `\\r`, `\\n`)."""
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch in _CONTROL_CHARS:
            named = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}.get(ch)
            out.append(named or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    text = "".join(out)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


_JSON_UNSAFE = {ord(c): f"\\u{ord(c):04x}" for c in _CONTROL_CHARS if ord(c) >= 0x7F}


def safe_json(obj: object, **kwargs: object) -> str:
    """Strict JSON (`katalog.jsonstrict.dumps`: NaN/Infinity become null) that is also safe on a terminal:
    JSON escapes C0 controls itself; DEL, C1 controls (e.g. the 8-bit CSI U+009B) and bidi overrides are
    written as `\\uXXXX` too."""
    from katalog.jsonstrict import dumps

    return json_safe(dumps(obj, **kwargs))


def json_safe(text: str) -> str:
    """JSON text (already serialised) with DEL, C1 controls and bidi overrides written as `\\uXXXX`."""
    return text.translate(_JSON_UNSAFE)
