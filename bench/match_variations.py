"""Variation classes of the matching benchmark: how a listed name turns up in the data screened.

Each class is one small pure function ``vary(source, rng) -> str | None``: it takes the listed
name with what the list says about its bearer (``Source``) and a seeded ``random.Random``, and
returns the name as it might be written in a party file, or ``None`` when the class does not
apply to this name (no legal form to change, a person has no branch, ...). The functions do not
know about the store or the matcher, so they can be read and tested alone.

Every class has a kind, which sets the bar it is held to (see the issue's targets):

- **benign**: honest, everyday differences in how people write the same name: romanisation,
  word order, legal forms, titles, a branch of the listed company.
- **adversarial**: changes someone makes to slip past a screening: look-alike letters,
  invisible characters, respelling that sounds the same.
- **degraded**: damage done by people and machines on the way: typos, OCR, fixed-width fields.

The tables of spellings are the benchmark's own (here and in ``match_romanisation``), written
from common practice; they are deliberately not vet's, so the benchmark does not grade vet
against its own homework.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from match_romanisation import arabic_spelling, chinese_spelling, russian_spelling, to_cyrillic
from match_text import (
    content_words,
    is_latin,
    join_legal_form,
    match_case,
    replace_word,
    splice,
    split_legal_form,
    strip_marks,
    substitute_one,
    words,
)

Kind = Literal["benign", "adversarial", "degraded"]
Origin = Literal["arabic", "russian", "chinese", "latin"]


@dataclass(frozen=True)
class Source:
    """One listed name to vary, with the facts about its bearer the variations may use."""

    entity_id: str
    name: str
    schema: str
    origin: Origin = "latin"
    countries: tuple[str, ...] = ()
    script_names: tuple[str, ...] = ()
    """Names the list gives in a non-Latin script (Cyrillic, Arabic, Han, ...)."""
    female: bool = False
    family_first: bool = False
    """The name is written family name first without a comma (Chinese, Korean: KIM TONG CHOL)."""

    @property
    def is_person(self) -> bool:
        return self.schema == "Person"


Variation = Callable[[Source, random.Random], str | None]


@dataclass(frozen=True)
class VariationClass:
    """A named variation with its kind; its function's docstring says what it does."""

    name: str
    kind: Kind
    vary: Variation
    listed_ok: bool = False
    """The query may be a name the list itself gives (only for original-script names)."""

    @property
    def description(self) -> str:
        return (self.vary.__doc__ or "").strip().splitlines()[0]


# -- transliteration -------------------------------------------------------------


def vary_transliteration(src: Source, rng: random.Random) -> str | None:
    """Another romanisation of a Russian, Arabic or Chinese name (Yuriy/Yury, Mohammed/Muhammad)."""
    if src.origin == "arabic":
        return arabic_spelling(src.name, rng)
    if src.origin == "russian":
        return russian_spelling(src.name, rng)
    if src.origin == "chinese":
        return chinese_spelling(src.name, rng)
    return None


def vary_original_script(src: Source, rng: random.Random) -> str | None:
    """The name in its original script, as the list itself gives it (Cyrillic, Arabic, Han)."""
    return rng.choice(src.script_names) if src.script_names else None


def vary_cyrillic(src: Source, rng: random.Random) -> str | None:
    """A Russian person's Latin name written back in Cyrillic (BGN/PCGN reversed, by ICU)."""
    if src.origin != "russian" or not src.is_person or not is_latin(src.name):
        return None
    cyrillic = to_cyrillic(src.name)
    if any("LATIN" in unicodedata.name(c, "") for c in cyrillic if c.isalpha()):
        return None
    return cyrillic


# -- diacritics, order, particles, initials, titles, punctuation ----------------------------

_ACCENTED = {
    "jose": "josé", "maria": "maría", "garcia": "garcía", "perez": "pérez", "lopez": "lópez",
    "gonzalez": "gonzález", "rodriguez": "rodríguez", "hernandez": "hernández",
    "martinez": "martínez", "sanchez": "sánchez", "ramirez": "ramírez", "gomez": "gómez",
    "diaz": "díaz", "munoz": "muñoz", "nunez": "núñez", "pena": "peña", "jesus": "jesús",
    "ramon": "ramón", "andres": "andrés", "angel": "ángel", "ivan": "iván", "adrian": "adrián",
    "joaquin": "joaquín", "simon": "simón", "leon": "león", "cesar": "césar", "hector": "héctor",
    "oscar": "óscar", "raul": "raúl", "ruben": "rubén", "sebastian": "sebastián",
    "tomas": "tomás", "victor": "víctor", "fernandez": "fernández", "alvarez": "álvarez",
    "dominguez": "domínguez", "vazquez": "vázquez", "benitez": "benítez", "suarez": "suárez",
    "jimenez": "jiménez", "gutierrez": "gutiérrez", "marquez": "márquez", "rios": "ríos",
    "beltran": "beltrán", "guzman": "guzmán", "ozturk": "öztürk", "celik": "çelik",
    "sahin": "şahin", "yilmaz": "yılmaz", "ozdemir": "özdemir", "kilic": "kılıç",
    "dogan": "doğan", "francois": "françois", "helene": "hélène", "etienne": "étienne",
    "rene": "rené", "andre": "andré", "societe": "société", "generale": "générale",
    "muller": "müller", "schafer": "schäfer", "zurich": "zürich", "gunter": "günter",
    "jurgen": "jürgen", "said": "saïd", "ismail": "ismaïl", "pyotr": "pëtr", "fyodor": "fëdor",
    "semyon": "semën", "aleksey": "alekseï", "nikolay": "nikolaï", "sergey": "sergeï",
}  # fmt: skip
_EXPAND = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "ss"}
_CONTRACT = [(r"(?<=[bcdfghklmnprstvwz])ue(?=[bcdfghklmnprstz])", "ü"),
             (r"(?<=[bcdfghklmnprstvwz])oe(?=[bcdfghklmnprstz])", "ö"),
             (r"(?<=[bcdfghklmnprstvwz])ae(?=[bcdfghklmnprstz])", "ä")]  # fmt: skip
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def vary_diacritics(src: Source, rng: random.Random) -> str | None:
    """Diacritics dropped or expanded (ü -> u / ue), or written where the list has none (José)."""
    name = src.name
    if not name.isascii():
        stripped = strip_marks(name)
        expanded = strip_marks("".join(_EXPAND.get(c, c) for c in name))
        options = [s for s in {stripped, expanded} if s != name]
        return rng.choice(sorted(options)) if options else None
    known = replace_word(name, list(_ACCENTED.items()), rng)
    if known is not None:
        return known
    if set(src.countries) & {"de", "at", "ch"}:
        contracted = substitute_one(name, _CONTRACT, rng)
        if contracted is not None:
            return contracted
    return _accent_one_vowel(name, rng)


def _accent_one_vowel(name: str, rng: random.Random) -> str | None:
    places = [
        (m.start() + i, c)
        for m in content_words(name, 4)
        for i, c in enumerate(m.group())
        if i > 0 and c.lower() in _ACUTE
    ]
    if not places:
        return None
    pos, char = rng.choice(places)
    accented = _ACUTE[char.lower()]
    return splice(name, pos, pos + 1, accented.upper() if char.isupper() else accented)


_ORG_HEADS = {
    "bank", "company", "group", "university", "institute", "ministry", "corporation",
    "organisation", "organization", "foundation", "society", "association", "airlines",
    "factory", "plant", "agency", "office", "committee", "center", "centre",
}  # fmt: skip


def vary_word_order(src: Source, rng: random.Random) -> str | None:
    """Name parts reordered: "AL-ASSAD, Maher" -> "Maher AL-ASSAD", "Bank of X" -> "X Bank"."""
    name = src.name
    if src.is_person:
        if "," in name:
            family, given = (p.strip() for p in name.split(",", 1))
            return f"{given} {family}" if given and family else None
        parts = name.split()
        if len(parts) < 2:
            return None
        if len(parts) >= 3 and rng.random() < 0.5:
            return " ".join([parts[-1], *parts[:-1]])
        return " ".join([*parts[1:], parts[0]])
    prefix, core, suffix = split_legal_form(name)
    of = re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", core, re.IGNORECASE)
    if of:
        core = f"{of.group(2)} {of.group(1)}"
    else:
        parts = core.split()
        if len(parts) < 2:
            return None
        if parts[0].lower() in _ORG_HEADS:
            core = " ".join([*parts[1:], parts[0]])
        elif parts[-1].lower() in _ORG_HEADS:
            core = " ".join([parts[-1], *parts[:-1]])
        else:
            return None
    return join_legal_form(prefix, core, suffix)


def vary_dropped_middle(src: Source, rng: random.Random) -> str | None:
    """A middle name left out (persons); a middle word left out of a long (4+ word) company name."""
    if src.is_person:
        if "," in src.name:
            family, given = (p.strip() for p in src.name.split(",", 1))
            parts = given.split()
            if len(parts) < 2:
                return None
            del parts[rng.randrange(1, len(parts))]
            return f"{family}, {' '.join(parts)}"
        parts = src.name.split()
        if len(parts) < 3:
            return None
        del parts[rng.randrange(1, len(parts) - 1)]
        return " ".join(parts)
    prefix, core, suffix = split_legal_form(src.name)
    parts = core.split()
    if len(parts) < 4:
        return None
    del parts[rng.randrange(1, len(parts) - 1)]
    return join_legal_form(prefix, " ".join(parts), suffix)


_ARTICLE_HYPHEN = re.compile(r"\b([AaEe][lL])-(?=\w)")
_ARTICLE_SPACED = re.compile(r"\b([AaEe][lL]) (?=\w{3,})")
_BIN = re.compile(r"\b(bin|ben|ibn|BIN|BEN|IBN|Bin|Ben|Ibn)\b")
_EURO_PARTICLE = re.compile(
    r"(?<=\s)(van der|van den|van de|von der|van|von|de la|del|della|de|da|di|du|dos|das|ter|ten)"
    r"\s(?=\w)",
    re.IGNORECASE,
)


def vary_particles(src: Source, rng: random.Random) -> str | None:
    """Particles spaced, joined, dropped, swapped or added: Al-Assad, Al Assad, Assad, El-Assad."""
    name = src.name
    options: list[str] = []
    for m in _ARTICLE_HYPHEN.finditer(name):
        art = m.group(1)
        other = match_case(art, "el" if art.lower() == "al" else "al")
        options += [splice(name, m.start(), m.end(), art + " "),
                    splice(name, m.start(), m.end(), art),
                    splice(name, m.start(), m.end(), ""),
                    splice(name, m.start(), m.end(), other + "-")]  # fmt: skip
    for m in _ARTICLE_SPACED.finditer(name):
        art = m.group(1)
        options += [splice(name, m.start(), m.end(), art + "-"),
                    splice(name, m.start(), m.end(), art),
                    splice(name, m.start(), m.end(), "")]  # fmt: skip
    for m in _BIN.finditer(name):
        for other in ("bin", "ben", "ibn"):
            if other != m.group(1).lower():
                options.append(splice(name, m.start(), m.end(), match_case(m.group(1), other)))
        options.append(re.sub(r"\s+", " ", splice(name, m.start(), m.end(), "")).strip())
    for m in _EURO_PARTICLE.finditer(name):
        particle = m.group(1)
        options += [splice(name, m.start(), m.end(), ""),
                    splice(name, m.start(), m.end(), particle.replace(" ", ""))]  # fmt: skip
    options = [re.sub(r"\s+", " ", o).strip(" ,") for o in options]
    options = [o for o in options if o != name and len(words(o, 2)) >= 2]
    if options:
        return rng.choice(options)
    if src.origin == "arabic" and src.is_person:
        if "," in name:
            return "Al-" + name if not name.lower().startswith(("al", "el")) else None
        parts = name.split()
        if len(parts) >= 2 and not parts[-1].lower().startswith(("al", "el")):
            return " ".join([*parts[:-1], "Al-" + parts[-1]])
    return None


_PARTICLE_WORDS = {"al", "el", "bin", "ben", "ibn", "bint", "van", "von", "de", "der", "den",
                   "da", "di", "del", "du", "la", "le", "abu", "abd", "ould"}  # fmt: skip


def vary_initials(src: Source, rng: random.Random) -> str | None:
    """A given or middle name cut to its initial: "Nikolay Vasilievich X" -> "Nikolay V. X"."""
    if not src.is_person:
        return None
    if "," in src.name:
        family, given = (p.strip() for p in src.name.split(",", 1))
        parts = given.split()
        choices = [i for i in range(len(parts)) if _initialable(parts[i])]
        if len(parts) >= 2:
            choices = [i for i in choices if i > 0] or choices
        if not choices:
            return None
        i = rng.choice(choices)
        parts[i] = parts[i][0].upper() + "."
        return f"{family}, {' '.join(parts)}"
    parts = src.name.split()
    if len(parts) < 2:
        return None
    given_at = range(1, len(parts)) if src.family_first else range(len(parts) - 1)
    choices = [i for i in given_at if _initialable(parts[i])]
    if len(parts) >= 3:
        middle = [i for i in choices if 0 < i < len(parts) - 1]
        choices = middle or choices
    if not choices:
        return None
    i = rng.choice(choices)
    parts[i] = parts[i][0].upper() + "."
    return " ".join(parts)


def _initialable(word: str) -> bool:
    return word.isalpha() and len(word) >= 3 and word.lower() not in _PARTICLE_WORDS


_TITLES = {
    "arabic": ["Sheikh", "Haji", "Dr.", "Eng.", "Mr", "Sayyid", "Mullah"],
    "russian": ["Mr", "Dr.", "General", "Prof.", "Gen."],
    "chinese": ["Mr", "Dr.", "Prof."],
    "latin": ["Mr", "Mr.", "Dr.", "Prof.", "Sir", "General", "Col."],
}
_FEMALE_TITLES = ["Mrs", "Ms.", "Dr.", "Madame", "Prof."]


def vary_titles(src: Source, rng: random.Random) -> str | None:
    """A title or honorific added: "Dr. Maher Al-Assad", "Sheikh ...", "AL-ASSAD, Mr Maher"."""
    if not src.is_person:
        return None
    title = rng.choice(_FEMALE_TITLES if src.female else _TITLES[src.origin])
    if "," in src.name:
        family, given = (p.strip() for p in src.name.split(",", 1))
        return f"{family}, {title} {given}"
    if rng.random() < 0.15:
        return f"{src.name}, {rng.choice(['PhD', 'Jr.', 'MBA'])}"
    return f"{title} {src.name}"


def vary_punctuation(src: Source, rng: random.Random) -> str | None:
    """Punctuation and spacing changed: hyphens joined or spaced, commas and dots dropped."""
    name = src.name
    options: list[str] = []
    if "-" in name:
        options += [name.replace("-", ""), name.replace("-", " ")]
    stripped = re.sub(r"\s+", " ", re.sub(r"[.,'\"’()/]", " ", name)).strip()
    if stripped != re.sub(r"\s+", " ", name).strip():
        options.append(stripped)
    gaps = [m.start() for m in re.finditer(r"(?<=[^\W\d_]{2}) (?=[^\W\d_]{2})", name)]
    if gaps:
        gap = rng.choice(gaps)
        options += [splice(name, gap, gap + 1, "-"), splice(name, gap, gap + 1, "")]
    return rng.choice(options) if options else None


# -- legal forms and branches -----------------------------------------------------

_FORMS_BY_ORIGIN = {
    "chinese": ["Co., Ltd.", "Company Limited", "Co. Ltd", "Limited", "Ltd"],
    "russian": ["LLC", "OOO", "JSC", "AO", "Limited Liability Company", "Joint Stock Company"],
    "arabic": ["LLC", "FZE", "FZCO", "Co.", "Company", "Ltd"],
    "latin": ["Ltd", "Limited", "LLC", "Inc.", "Corp.", "GmbH", "S.A.", "PLC", "B.V."],
}


def vary_legal_form(src: Source, rng: random.Random) -> str | None:
    """Legal form changed, dropped or added: Ltd <-> Limited <-> Co., Ltd. <-> LLC <-> GmbH."""
    if src.is_person:
        return None
    prefix, core, suffix = split_legal_form(src.name)
    if not words(core, 2):
        return None
    pool = _FORMS_BY_ORIGIN[src.origin]
    current = (prefix or suffix or "").lower().rstrip(".")
    others = [f for f in pool if f.lower().rstrip(".") != current]
    if prefix is None and suffix is None:
        return f"{core} {rng.choice(pool)}"
    if rng.random() < 0.4:
        return core
    if prefix is not None and rng.random() < 0.5:
        return f"{core} {rng.choice(others)}"
    if prefix is not None:
        return join_legal_form(rng.choice(others), core, suffix)
    return join_legal_form(prefix, core, rng.choice(others))


CHINESE_CITIES = ["Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Tianjin",
                  "Wuhan", "Chengdu", "Xiamen", "Dongguan", "Suzhou", "Ningbo"]  # fmt: skip
_BRANCHES = {
    "chinese": ["{city} {core} Technology Co., Ltd.", "{core} (Hong Kong) Limited",
                "{core} International (HK) Co., Limited", "{city} {core} Co., Ltd."],
    "russian": ["{core} Europe GmbH", "{core} Trading FZE", "{core} (Cyprus) Ltd",
                "{core} Kazakhstan LLP"],
    "arabic": ["{core} Middle East FZE", "{core} Dubai Branch", "{core} General Trading LLC",
               "{core} (Lebanon) SAL"],
    "latin": ["{core} UK Ltd", "{core} USA Inc.", "{core} Europe B.V.",
              "{core} (Singapore) Pte. Ltd.", "{core} Deutschland GmbH"],
}  # fmt: skip


def vary_branch(src: Source, rng: random.Random) -> str | None:
    """A branch or subsidiary: "<Name> UK Ltd", "Shenzhen <Name> Technology Co., Ltd."."""
    if src.is_person:
        return None
    _, core, _ = split_legal_form(src.name)
    if not words(core, 2):
        return None
    template = rng.choice(_BRANCHES[src.origin] + ["{core} UK Ltd"])
    if "technology" in core.lower():
        template = template.replace(" Technology", "")
    first = core.split()[0]
    city = rng.choice([c for c in CHINESE_CITIES if c.lower() != first.lower()])
    if "{city}" in template and first.title() in CHINESE_CITIES:
        core = core[len(first) :].strip()
        city = match_case(first, city)
    return template.format(core=core, city=city)


# -- degraded: typos, transpositions, OCR, truncation, vowels ----------------------------

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


@cache
def keyboard_neighbours() -> dict[str, str]:
    """Letters next to each letter on a QWERTY keyboard (same row and the rows above/below)."""
    pos = {c: (r, i) for r, row in enumerate(_KEYBOARD) for i, c in enumerate(row)}
    out: dict[str, str] = {}
    for c, (r, i) in pos.items():
        out[c] = "".join(
            d for d, (r2, i2) in pos.items() if d != c and abs(r2 - r) <= 1 and abs(i2 - i) <= 1
        )
    return out


def vary_typo(src: Source, rng: random.Random) -> str | None:
    """One letter replaced by a neighbouring key: "Hassan" -> "Hasdan"."""
    places = [
        (m.start() + i, c)
        for m in content_words(src.name, 4)
        for i, c in enumerate(m.group())
        if c.lower() in keyboard_neighbours()
    ]
    if not places:
        return None
    pos, char = rng.choice(places)
    new = rng.choice(keyboard_neighbours()[char.lower()])
    return splice(src.name, pos, pos + 1, new.upper() if char.isupper() else new)


def vary_transposition(src: Source, rng: random.Random) -> str | None:
    """Two neighbouring letters swapped: "Hassan" -> "Hsasan"."""
    places = [
        m.start() + i
        for m in content_words(src.name, 4)
        for i in range(len(m.group()) - 1)
        if m.group()[i].lower() != m.group()[i + 1].lower()
    ]
    if not places:
        return None
    i = rng.choice(places)
    return src.name[:i] + src.name[i + 1] + src.name[i] + src.name[i + 2 :]


OCR_CONFUSIONS = [
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("O", "0"), ("o", "0"), ("0", "O"),
    ("l", "1"), ("I", "1"), ("1", "l"), ("I", "l"), ("vv", "w"), ("w", "vv"), ("S", "5"),
    ("B", "8"), ("Z", "2"), ("G", "6"), ("RN", "M"), ("M", "RN"), ("CL", "D"), ("D", "CL"),
    ("W", "VV"), ("h", "b"), ("e", "c"),
]  # fmt: skip


def vary_ocr(src: Source, rng: random.Random) -> str | None:
    """One OCR confusion: rn/m, cl/d, O/0, l/1/I, vv/w, S/5, B/8."""
    spans = [(w.start(), w.end()) for w in content_words(src.name)]
    places = [
        (m.start(), m.end(), new)
        for old, new in OCR_CONFUSIONS
        for m in re.finditer(re.escape(old), src.name)
        if any(a <= m.start() and m.end() <= b for a, b in spans)
    ]
    if not places:
        return None
    start, end, new = rng.choice(places)
    return splice(src.name, start, end, new)


TRUNCATE_AT = 35


def vary_truncation(src: Source, rng: random.Random) -> str | None:
    """A long name cut at 35 characters, the width of a SWIFT name line, even mid-word."""
    if len(src.name) <= TRUNCATE_AT:
        return None
    return src.name[:TRUNCATE_AT].rstrip(" ,.-(")


_VOWELS = set("aeiouAEIOU")


def vary_vowel_drop(src: Source, rng: random.Random) -> str | None:
    """The vowels of one word dropped, keeping its first letter: "Mohammed" -> "Mhmmd"."""
    places = [
        m for m in content_words(src.name, 5) if sum(c in _VOWELS for c in m.group()[1:]) >= 2
    ]
    if not places:
        return None
    m = rng.choice(places)
    word = m.group()
    return splice(
        src.name, m.start(), m.end(), word[0] + "".join(c for c in word[1:] if c not in _VOWELS)
    )


PHONETIC_RULES: list[tuple[str, str]] = [
    (r"ph", "f"), (r"f", "ph"), (r"ck", "k"), (r"c(?=[aou])", "k"), (r"k(?=[aou])", "c"),
    (r"y", "i"), (r"(?<=[a-z])i(?=[a-z])", "y"), (r"([bcdfgklmnprstz])\1", r"\1"),
    (r"(?<=[aeiou])([bdglmnprst])(?=[aeiou])", r"\1\1"), (r"qu", "kw"), (r"x", "ks"),
    (r"ee", "i"), (r"oo", "u"), (r"th", "t"), (r"(?<=[aeiou])s(?=[aeiou])", "z"),
]  # fmt: skip


def vary_phonetic(src: Source, rng: random.Random) -> str | None:
    """Respelt to sound the same: ph/f, c/k, ck/k, y/i, letters doubled or undoubled."""
    return substitute_one(src.name, PHONETIC_RULES, rng)


# -- adversarial: homoglyphs and invisible characters ---------------------------------------

HOMOGLYPHS = {
    "a": "аɑ", "c": "сϲ", "e": "е", "i": "іı", "j": "ј", "o": "оο", "p": "рρ", "s": "ѕ",
    "x": "хχ", "y": "уγ", "A": "АΑ", "B": "ВΒ", "C": "СϹ", "E": "ЕΕ", "H": "НΗ", "I": "ІΙ",
    "J": "Ј", "K": "КΚ", "M": "МΜ", "N": "Ν", "O": "ОΟ", "P": "РΡ", "S": "Ѕ", "T": "ТΤ",
    "X": "ХΧ", "Y": "УΥ", "Z": "Ζ",
}  # fmt: skip


def vary_homoglyphs(src: Source, rng: random.Random) -> str | None:
    """One to three Latin letters replaced by Cyrillic or Greek look-alikes (a -> а, O -> Ο)."""
    if not is_latin(src.name):
        return None
    places = [
        w.start() + i
        for w in content_words(src.name)
        for i, c in enumerate(w.group())
        if c in HOMOGLYPHS
    ]
    if not places:
        return None
    chars = list(src.name)
    for i in rng.sample(places, min(len(places), rng.randint(1, 3))):
        chars[i] = rng.choice(HOMOGLYPHS[chars[i]])
    return "".join(chars)


INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e", "\u200f", "\ufeff",
    "\u202a", "\u202c", "\u061c",
]  # fmt: skip


def vary_invisible(src: Source, rng: random.Random) -> str | None:
    """Invisible characters inside words (zero-width space/joiner, soft hyphen, bidi marks)."""
    places = [m.start() + i for m in content_words(src.name, 2) for i in range(1, len(m.group()))]
    if not places:
        return None
    out = src.name
    for pos in sorted(rng.sample(places, min(len(places), rng.randint(1, 3))), reverse=True):
        out = out[:pos] + rng.choice(INVISIBLE) + out[pos:]
    if " " in out and rng.random() < 0.3:
        out = out.replace(" ", "\u00a0", 1)
    return out


CLASSES: list[VariationClass] = [
    VariationClass("transliteration", "benign", vary_transliteration),
    VariationClass("original_script", "benign", vary_original_script, listed_ok=True),
    VariationClass("cyrillic", "benign", vary_cyrillic),
    VariationClass("diacritics", "benign", vary_diacritics),
    VariationClass("word_order", "benign", vary_word_order),
    VariationClass("dropped_middle", "benign", vary_dropped_middle),
    VariationClass("particles", "benign", vary_particles),
    VariationClass("initials", "benign", vary_initials),
    VariationClass("titles", "benign", vary_titles),
    VariationClass("punctuation", "benign", vary_punctuation),
    VariationClass("legal_form", "benign", vary_legal_form),
    VariationClass("branch", "benign", vary_branch),
    VariationClass("typo", "degraded", vary_typo),
    VariationClass("transposition", "degraded", vary_transposition),
    VariationClass("ocr", "degraded", vary_ocr),
    VariationClass("truncation", "degraded", vary_truncation),
    VariationClass("vowel_drop", "degraded", vary_vowel_drop),
    VariationClass("phonetic", "adversarial", vary_phonetic),
    VariationClass("homoglyphs", "adversarial", vary_homoglyphs),
    VariationClass("invisible", "adversarial", vary_invisible),
]


def iter_classes(names: set[str] | None = None) -> Iterator[VariationClass]:
    for cls in CLASSES:
        if names is None or cls.name in names:
            yield cls
