"""Text helpers shared by the matching benchmark's variations, sampling and negatives.

Words, generic words, legal forms, scripts, and the two comparison forms the benchmark uses
to label its data: ``trivial_form`` (did a variation change anything at all?) and ``name_key``
(do two names spell the same words, whatever the script, case, punctuation and order?). They
are the benchmark's own, deliberately simpler than vet's normalisation, so the benchmark does
not grade vet against its own homework.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import cache

from normality import ascii_text

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str, min_len: int = 1) -> list[re.Match[str]]:
    """Runs of letters in ``text`` at least ``min_len`` long."""
    return [m for m in _WORD.finditer(text) if len(m.group()) >= min_len]


_GENERIC_TEXT = """
ltd limited llc inc incorporated co corp corporation company companies gmbh ag sa srl spa bv
nv plc llp jsc ojsc cjsc pjsc oao zao ooo pao ao fze fzco dmcc pte sdn bhd pvt private public
joint stock closed open liability sarl sas ltda kg kgaa cv eood ood kft ab oy lp
group holding holdings international intl trading trade traders technology technologies
tech industries industry industrial enterprise enterprises services service solutions
systems global general import export development investment investments management
logistics shipping engineering electronics electronic science scientific research institute
academy university center centre bank of and the for national state federal republic
democratic people peoples new first factory plant production association organization
organisation ministry office agency network information media software data consulting
telecommunication telecommunications equipment materials energy oil gas petroleum chemical
chemicals machinery manufacturing construction commercial economic foreign design bureau
china chinese russia russian iran iranian korea korean syria syrian uk usa europe european
asia middle east hong kong branch
obshchestvo ogranichennoy otvetstvennostyu aktsionernoe aktsionernoye otkrytoe zakrytoe
publichnoe nauchno proizvodstvennoe proizvodstvennoye obyedinenie obyedinenye
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
"""Legal forms and generic business, place and function words.

Character-level variations (typos, OCR, homoglyphs, ...) hit the distinctive words, because
a typo in "Limited" tests nothing, and romanisation rules must not respell English words.
"""


def content_words(text: str, min_len: int = 1) -> list[re.Match[str]]:
    """Words of ``text`` at least ``min_len`` long that are not generic; all words if none are."""
    found = words(text, min_len)
    content = [m for m in found if m.group().lower() not in GENERIC_WORDS]
    return content or found


def splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def match_case(template: str, word: str) -> str:
    """``word`` in the case pattern of ``template`` (UPPER, Title or lower)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def is_latin(text: str) -> bool:
    """Mostly Latin letters (the sampled names; homoglyphs only make sense in them)."""
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if "LATIN" in unicodedata.name(c, "")]
    return bool(letters) and len(latin) >= 0.8 * len(letters)


def strip_marks(text: str) -> str:
    """Diacritics removed: Müller -> Muller, Şahin -> Sahin."""
    text = text.translate(_NO_MARK_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


_NO_MARK_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "ı": "i"}
)


def substitute_one(text: str, rules: list[tuple[str, str]], rng: random.Random) -> str | None:
    """Apply one rule at one place, both chosen at random among all places any rule applies.

    Rules are (regex, replacement) on the lower-cased word; case is restored from the word.
    """
    places: list[tuple[int, int, str]] = []
    for m in content_words(text, 2):
        word = m.group()
        lower = word.lower()
        for pattern, repl in rules:
            for hit in re.finditer(pattern, lower):
                new = lower[: hit.start()] + hit.expand(repl) + lower[hit.end() :]
                if new != lower:
                    places.append((m.start(), m.end(), match_case(word, new)))
    if not places:
        return None
    start, end, new = rng.choice(places)
    return splice(text, start, end, new)


def replace_word(text: str, families: list[tuple[str, ...]], rng: random.Random) -> str | None:
    """Swap one word for another spelling of the same name (Mohammed -> Muhammad)."""
    places: list[tuple[int, int, str]] = []
    for m in content_words(text, 2):
        lower = m.group().lower()
        for family in families:
            if lower in family:
                for other in family:
                    if other != lower:
                        places.append((m.start(), m.end(), match_case(m.group(), other)))
    if not places:
        return None
    start, end, new = rng.choice(places)
    return splice(text, start, end, new)


def script_of(text: str) -> str:
    """The main script of ``text``'s letters: LATIN, CYRILLIC, ARABIC, CJK, HANGUL, ..."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "NONE"


def trivial_form(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: equal forms mean a variation did nothing."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@cache
def ascii_words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words of ``text`` in any script (ICU transliteration via normality)."""
    return tuple(re.findall(r"[a-z0-9]+", (ascii_text(text) or "").lower()))


def name_key(text: str) -> str:
    """The words of a name in ASCII, sorted: "AL-ASSAD, Maher" and "Maher Al Assad" agree."""
    return " ".join(sorted(ascii_words(text)))


LEGAL_FORMS = [
    "Limited Liability Company", "Open Joint Stock Company", "Closed Joint Stock Company",
    "Public Joint Stock Company", "Joint Stock Company", "Company Limited", "Co., Ltd.",
    "Co., Ltd", "Co. Ltd.", "Co Ltd", "Co., Limited", "Pte. Ltd.", "Pte Ltd", "Sdn. Bhd.",
    "Sdn Bhd", "Pvt. Ltd.", "Private Limited", "GmbH & Co. KG", "S.A. de C.V.", "Limited",
    "Ltd.", "Ltd", "L.L.C.", "LLC", "Inc.", "Inc", "Incorporated", "Corporation", "Corp.",
    "Corp", "Company", "Co.", "GmbH", "AG", "S.A.R.L.", "SARL", "S.A.", "SA", "S.r.l.", "SRL",
    "S.p.A.", "SpA", "B.V.", "BV", "N.V.", "NV", "PLC", "LLP", "PJSC", "OJSC", "CJSC", "JSC",
    "OAO", "ZAO", "OOO", "PAO", "AO", "FZE", "FZCO", "FZ-LLC", "DMCC", "A.S.", "Ltda.", "LTDA",
    "SAS", "EOOD", "OOD", "Kft.", "AB", "Oy",
]  # fmt: skip
_FORM_ALT = "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
_SUFFIX_FORM = re.compile(rf"[\s,]+({_FORM_ALT})$", re.IGNORECASE)
_PREFIX_FORM = re.compile(rf"^({_FORM_ALT})\s+", re.IGNORECASE)
_FORMS_BY_ORIGIN = {
    "chinese": ["Co., Ltd.", "Company Limited", "Co. Ltd", "Limited", "Ltd"],
    "russian": ["LLC", "OOO", "JSC", "AO", "Limited Liability Company", "Joint Stock Company"],
    "arabic": ["LLC", "FZE", "FZCO", "Co.", "Company", "Ltd"],
    "latin": ["Ltd", "Limited", "LLC", "Inc.", "Corp.", "GmbH", "S.A.", "PLC", "B.V."],
}


def split_legal_form(name: str) -> tuple[str | None, str, str | None]:
    """(legal form written before, core name, legal form written after)."""
    prefix = suffix = None
    core = name.strip()
    m = _SUFFIX_FORM.search(core)
    if m and m.start() > 0:
        suffix, core = m.group(1), core[: m.start()].rstrip(" ,")
    m = _PREFIX_FORM.match(core)
    if m and m.end() < len(core):
        prefix, core = m.group(1), core[m.end() :].strip()
    return prefix, core, suffix


def join_legal_form(prefix: str | None, core: str, suffix: str | None) -> str:
    return " ".join(p for p in (prefix, core, suffix) if p)
