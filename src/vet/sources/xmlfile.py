"""Safe XML reading for every XML source: defusedxml, errors with file and line."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlSyntaxError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from vet.errors import ParseError


def read_xml(path: Path) -> Element:
    """Parse ``path`` and return the root element.

    External entities, DTD entity declarations (billion laughs) and truncated or
    malformed documents are refused with a :class:`ParseError` naming the file and line.
    """
    try:
        tree = SafeET.parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(path, f"refused unsafe XML ({type(exc).__name__}: {exc})") from exc
    except XmlSyntaxError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ParseError(path, f"malformed XML: {exc.msg}", line=line) from exc
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not valid text in the declared encoding: {exc.reason}") from exc
    root: Element | None = tree.getroot()
    if root is None:
        raise ParseError(path, "empty XML document")
    return root


def local(tag: str) -> str:
    """Tag name without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: Element, name: str) -> str | None:
    """Text of the first direct child called ``name`` (namespace ignored), stripped."""
    for child in element:
        if local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def children(element: Element, name: str) -> list[Element]:
    """Direct children called ``name`` (namespace ignored)."""
    return [child for child in element if local(child.tag) == name]


def sniff(path: Path, size: int = 4096) -> str:
    """The first ``size`` bytes of a file as text, for format detection."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""
