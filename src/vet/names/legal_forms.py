"""Find legal forms in a name and write each as one generic code.

"Co., Ltd.", "Company Limited", "GmbH", "ООО", "有限公司", "S.A.R.L." and
"Sp. z o.o." all say *limited liability company*; "PJSC", "ОАО", "AG", "S.A."
and "株式会社" all say *joint-stock company*. A name's legal form says little
about which party it is ("Huawei Technologies Co., Ltd." and "Huawei
Technologies Company Limited" are the same company), so legal forms are found,
replaced by rigour's generic code (``llc``, ``jsc``, ``lp``, ``gp``, ``coop``,
``ngo``, ``soe``...) and weighed lightly by the scorer.

The database is rigour's (some thousand forms from OCCRP, ISO 20275 and
Wikipedia, in many scripts). ``data/legal_words.txt`` adds the few words
rigour leaves out on purpose (``company``, ``corp``, ``pvt``, pinyin
``gongsi``...), each with its reason.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rigour.names import extract_org_types, replace_org_types_compare

from vet.names.wordlists import read_words

# Han, kana and Hangul runs: written without spaces, so a legal form at the end
# of "华为技术有限公司" has no word boundary for rigour to find.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}")


@cache
def _legal_words() -> frozenset[str]:
    return frozenset(read_words("legal_words.txt"))


def replace_legal_forms(text: str) -> tuple[str, frozenset[str]]:
    """``text`` with every legal form replaced by its generic code, and those codes.

    ``text`` must be case-folded (rigour's table is); it may be in any script,
    with its punctuation ("co., ltd." is recognised as a whole). Forms at the
    start or end of a Han, kana or Hangul run are cut off and replaced too.
    A form with no generic code in rigour ("ab", "pt") is left as written;
    ``is_legal_form`` still recognises it. The codes are returned because some
    ("sp", "soe") are not themselves forms that ``is_legal_form`` knows.
    """
    if _CJK_RUN.search(text):
        text = _CJK_RUN.sub(lambda m: _split_cjk_run(m.group(0)), text)
    matches = extract_org_types(text, generic=True)
    if not matches:
        return text, frozenset()
    return replace_org_types_compare(text, generic=True), frozenset(t for _, t in matches)


_CLIPPED_LEGAL_WORDS = {
    "co": "company",
    "corp": "corporation",
    "inc": "incorporated",
    "ltd": "limited",
}
"""Legal-form words registers clip at the end of a longer form ("Joint Stock Co",
"Ltd. Liability Co"), which rigour knows only written out."""
_CLIP = re.compile(r"(?<![\w.])(" + "|".join(_CLIPPED_LEGAL_WORDS) + r")\b\.?")


def expand_legal_clips(text: str) -> str:
    """Case-folded ``text`` with clipped legal-form words written out where that completes
    a longer legal form: "kordex joint stock co" -> "kordex joint stock company", which
    rigour reads as *joint-stock company*. A clip that completes no longer form is kept
    as written ("huawei co., ltd." is already one form; "co" alone is one)."""
    if not _CLIP.search(text):
        return text
    for m in reversed(list(_CLIP.finditer(text))):
        full = _CLIPPED_LEGAL_WORDS[m.group(1)]
        expanded = text[: m.start()] + full + text[m.end() :]
        span = (m.start(), m.start() + len(full))
        if _form_words(expanded, span) > _form_words(text, (m.start(), m.end())):
            text = expanded
    return text


def _form_words(text: str, span: tuple[int, int]) -> int:
    """How many words the legal form holding ``text[span]`` has (0: none holds it)."""
    most = 0
    for form, _ in extract_org_types(text, generic=True):
        start = text.find(form)
        while start >= 0:
            if start <= span[0] and span[1] <= start + len(form):
                most = max(most, len(form.split()))
            start = text.find(form, start + 1)
    return most


@lru_cache(maxsize=16384)
def is_legal_form(token: str) -> bool:
    """Whether a single lower-case token is a legal form on its own (``ltd``, ``gmbh``)."""
    if token in _legal_words():
        return True
    return _whole_form(token) is not None


@lru_cache(maxsize=4096)
def legal_form_code(form: str) -> str | None:
    """The generic code of a legal form written alone (``"Co., Ltd."`` -> ``"llc"``).

    ``None`` when ``form`` is not wholly one legal form. Forms rigour has no
    generic code for come back in its compare spelling (``"ab"``); the words
    of ``data/legal_words.txt`` come back as themselves.
    """
    folded = " ".join(form.casefold().split())
    replaced, codes = replace_legal_forms(folded)
    rest = replaced.strip(" .,")
    if rest in codes:
        return rest
    return rest if rest and is_legal_form(rest) else None


@lru_cache(maxsize=8192)
def _split_cjk_run(run: str) -> str:
    """A Han/kana/Hangul run with a legal form at its end or start cut off as a code.

    Tries the longest suffix first ("股份有限公司" before "有限公司"), then the
    longest prefix ("株式会社トヨタ"); at most one of each, which is all a name holds.
    """
    whole = _whole_form(run)
    if whole is not None:
        return f" {whole} "
    suffix = prefix = ""
    for i in range(1, len(run) - 1):
        code = _whole_form(run[i:])
        if code is not None:
            run, suffix = run[:i], code
            break
    for j in range(len(run) - 1, 1, -1):
        code = _whole_form(run[:j])
        if code is not None:
            run, prefix = run[j:], code
            break
    return f" {prefix} {run} {suffix} " if prefix or suffix else run


def _whole_form(text: str) -> str | None:
    """The generic (else compare) code when ``text`` is exactly one legal form."""
    for generic in (True, False):
        matches = extract_org_types(text, generic=generic)
        if len(matches) == 1 and matches[0][0] == text:
            return matches[0][1]
    return None


@lru_cache(maxsize=4096)
def legal_form_words(name: str) -> dict[str, str]:
    """Each generic code of a legal form in ``name``, with the form as ``name`` writes it:
    ``{"llc": "Ltd"}`` for "Hikvision UK Ltd". Explanations show these words, not the codes.

    The first form of each code counts; a form written inside a Han, kana or Hangul run
    is not found (the caller shows the code).
    """
    folded = name.casefold()
    words: dict[str, str] = {}
    for form, code in extract_org_types(folded, generic=True):
        start = folded.find(form)
        if start < 0:
            continue
        if len(folded) == len(name):
            written = name[start : start + len(form)]
        else:  # casefold changed the length ("ß" -> "ss"): find the form as written
            found = re.search(re.escape(form), name, re.IGNORECASE)
            written = found.group(0) if found else form
        words.setdefault(code, written.strip())
    expanded = expand_legal_clips(folded)
    if expanded != folded:
        for form, code in extract_org_types(expanded, generic=True):
            clipped = None if code in words else _clipped_form(name, form)
            if clipped:
                words[code] = clipped
    return words


def _clipped_form(name: str, form: str) -> str | None:
    """``form`` as ``name`` writes it with a legal word clipped ("Joint Stock Co" for
    "joint stock company"), or None."""
    clips = {full: clip for clip, full in _CLIPPED_LEGAL_WORDS.items()}
    parts = [
        f"(?:{re.escape(w)}|{clips[w]}\\.?)" if w in clips else re.escape(w) for w in form.split()
    ]
    found = re.search(r"(?<!\w)" + r"[\s.-]+".join(parts) + r"(?!\w)", name, re.IGNORECASE)
    return found.group(0).strip() if found else None
