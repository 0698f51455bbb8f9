"""Safe XML reading for every XML source: defusedxml, errors with file and line."""

from __future__ import annotations

import re
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


# The first start tag of a document, past its declaration, comments and DOCTYPE.
_START_TAG = re.compile(r"<(?![?!/])([\w.-]+(?::[\w.-]+)?)([^>]*)>")


def root_of(head: str) -> tuple[str, str | None] | None:
    """``(local name, namespace)`` of the root element whose start tag is in ``head``.

    Reads the namespace the root declares for its own prefix (or the default
    ``xmlns``), so a publisher moving its schema to a new namespace URL is still
    recognised by the root element's name.
    """
    match = _START_TAG.search(head)
    if match is None:
        return None
    name, attributes = match.group(1), match.group(2)
    prefix, _, local_name = name.rpartition(":")
    attribute = f"xmlns:{prefix}" if prefix else "xmlns"
    declared = re.search(rf"\b{re.escape(attribute)}=[\"']([^\"']*)", attributes)
    return local_name, declared.group(1) if declared else None
