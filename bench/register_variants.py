"""How real registers write listed names: the positive classes of the register benchmark.

Each class is a small function ``vary(item, rng, ctx) -> Variant | None`` over one listed
entity (``match_dataset.Listed``), built from how payment messages, company registers and
customer files write names, not from the old generator's edits (``match_variations``):

- **truncated**: a name cut at a field width of 20 or 35 characters, as payment messages and
  legacy systems do, often in capitals; the last word may be cut ("Shenzhen Huawei Aiss").
- **several_names**: two names in one cell: "X (Y)", "X t/a Y", "X d/b/a Y", "X (formerly Y)",
  "X aka Y", "X / Y"; both listed names of the entity, or one listed name and an innocent
  trade name in either place.
- **abbreviated**: business words clipped or vowel-dropped (Intl, Mnfctrng, Dvlpmnt, Tech).
- **numbers**: "1st" / "First", "44" / "Forty-Four", "3" / "Three", either way.
- **given_name_short**: a given name replaced by a short form or the short form by the full
  name (Ted / Theodore), from the ``nicknames`` package (a maintained, hand-curated dataset).
- **acronym**: the initials of an organisation's name, where the list carries that acronym
  or only the full name (PLA / People's Liberation Army).
- **script_person**: a person's name written by sound in katakana, Hangul, Thai, Khmer or
  Amharic (``register_scripts``), or the list's own name in one of these scripts.
- **script_company**: a company's name in Chinese or Arabic script: the list's own (a Chinese
  name queried against the Latin record) or written from the Latin name. A party of no
  known kind (``LegalEntity``: the CSL lists people without a type, "Saeed Talebi") counts
  only when its name shows a firm: a legal form or a word the tables translate.

Every function returns None when the class does not apply to the entity.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from match_dataset import Listed
from match_text import (
    GENERIC_WORDS,
    is_latin,
    match_case,
    name_key,
    script_of,
    split_legal_form,
    words,
)
from register_scripts import ARABIC_WORDS, CHINESE_WORDS, PERSON_SCRIPTS, to_arabic, to_chinese

ORG_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity"})
WIDTHS = (20, 35)
"""Field widths: 35 is a SWIFT name line, 20 a common legacy column."""
ARABIC_ORIGIN = frozenset(
    [
        "ir",
        "sy",
        "iq",
        "lb",
        "ye",
        "ae",
        "sa",
        "af",
        "ps",
        "jo",
        "eg",
        "ly",
        "sd",
        "kw",
        "qa",
        "bh",
        "om",
    ]
)
CHINESE_ORIGIN = frozenset({"cn", "hk", "mo"})
EAST_ASIA = frozenset({"cn", "hk", "mo", "tw", "kp", "kr", "jp", "mm", "th", "kh", "la", "vn", "my",
                       "sg", "id", "ph"})  # fmt: skip
"""Where "Chan", "Win" or "Wen" is a name of its own, not an English short form."""


@dataclass(frozen=True)
class Variant:
    query: str
    schema: str
    """The type a register gives: Person, Company, or LegalEntity when it cannot tell."""
    form: str
    """Which form of the class ("width 20", "t/a", "kana", ...), for the breakdown."""


@dataclass
class Context:
    """What the classes share: innocent trade names and the short forms of given names."""

    trade_names: Sequence[str]
    acronyms: dict[str, set[str]] = field(default_factory=dict)
    """Acronym -> primary names (``name_key``) of the listed parties whose names give it."""
    english: frozenset[str] = frozenset()
    """Words of organisations' names that are no one country's (``widespread_words``)."""


def query_schema(item: Listed) -> str:
    return "Person" if item.schema == "Person" else "Company"


def latin_names(item: Listed, min_words: int = 2) -> list[str]:
    return [n for n in item.names if is_latin(n) and len(words(n)) >= min_words]


# -- truncated ------------------------------------------------------------------------


def vary_truncated(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """Cut at 20 or 35 characters, wherever that falls, half of the time in capitals."""
    names = [n for n in latin_names(item) if len(n) > min(WIDTHS) + 2]
    if not names:
        return None
    name = rng.choice(names)
    widths = [w for w in WIDTHS if len(name) > w + 2]
    width = rng.choice(widths)
    query = name[:width].rstrip()
    if len(words(query)) < 2 or not keeps_identity(item, name, query):
        return None
    upper = rng.random() < 0.5
    form = f"width {width}" + (", capitals" if upper else "")
    return Variant(query.upper() if upper else query, query_schema(item), form)


def keeps_identity(item: Listed, name: str, query: str) -> bool:
    """The cut keeps what names the party: a whole distinctive word (organisations), or at
    least three letters of the family name (persons); else no one could find it."""
    if item.schema != "Person":
        return any(
            len(m.group()) >= 4 and m.end() < len(query) and m.group().lower() not in
            GENERIC_WORDS for m in words(query))  # fmt: skip
    family = family_word(item, name)
    at = name.upper().find(family.upper()) if family else -1
    return at >= 0 and len(query) >= at + 3


def family_word(item: Listed, name: str) -> str:
    """The first word of the family name: lastName, else before the comma, else the last."""
    if item.last_names and item.last_names[0].upper() in name.upper():
        return item.last_names[0].split()[0]
    found = [m.group() for m in words(name, 2)]
    if not found:
        return ""
    return name.split(",")[0].split()[0] if "," in name else found[-1]


# -- several names in one cell --------------------------------------------------------

JOINERS = {
    "parentheses": "{a} ({b})",
    "t/a": "{a} t/a {b}",
    "d/b/a": "{a} d/b/a {b}",
    "formerly": "{a} (formerly {b})",
    "aka": "{a} aka {b}",
    "slash": "{a} / {b}",
}


def vary_several_names(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """Two names in one cell; the listed one first or second, the other listed or innocent."""
    names = latin_names(item, 1)
    if not names:
        return None
    joiner = rng.choice(list(JOINERS))
    if item.schema == "Person" and joiner in ("t/a", "d/b/a", "formerly"):
        joiner = rng.choice(["aka", "slash", "parentheses"])
    listed = rng.choice(names)
    others = [n for n in names if n.casefold() != listed.casefold()]
    if others and rng.random() < 0.5:
        other, kind = rng.choice(others), "both listed"
    elif item.schema == "Person":
        return None
    else:
        other, kind = rng.choice(ctx.trade_names), "one innocent"
    a, b = (listed, other) if rng.random() < 0.5 else (other, listed)
    if len(a) + len(b) > 140:
        return None
    return Variant(JOINERS[joiner].format(a=a, b=b), query_schema(item), f"{joiner}, {kind}")


# -- abbreviated words ----------------------------------------------------------------

ABBREVIATIONS = {
    "international": ("Intl", "Int'l", "Intnl"), "manufacturing": ("Mfg", "Mnfctrng", "Manuf"),
    "development": ("Dev", "Dvlpmnt", "Devt"), "technology": ("Tech", "Techn", "Tchnlgy"),
    "technologies": ("Tech", "Techs", "Tchnlgs"), "engineering": ("Eng", "Engg", "Engrg"),
    "corporation": ("Corp", "Corpn", "Crprtn"), "group": ("Grp", "Gp"),
    "services": ("Svcs", "Servs", "Srvcs"), "industries": ("Ind", "Inds", "Indus"),
    "industrial": ("Ind", "Indl", "Indstrl"), "company": ("Co", "Cmpny"),
    "trading": ("Trdg", "Trad"), "electronics": ("Elec", "Elctrncs", "Electr"),
    "electronic": ("Elec", "Elctrnc"), "equipment": ("Eqpt", "Equip", "Eqpmnt"),
    "investment": ("Invt", "Invest", "Invstmnt"), "investments": ("Invts", "Invstmnts"),
    "management": ("Mgmt", "Mngmnt", "Mgt"), "shipping": ("Shpg", "Shipg"),
    "logistics": ("Log", "Lgstcs"), "research": ("Res", "Rsrch"), "institute": ("Inst", "Instt"),
    "association": ("Assn", "Assoc"), "brothers": ("Bros",), "national": ("Natl", "Nat'l"),
    "chemical": ("Chem", "Chml"), "chemicals": ("Chems", "Chmcls"), "aviation": ("Avn", "Aviat"),
    "construction": ("Constr", "Cnstrctn"), "commercial": ("Coml", "Comm"),
    "general": ("Genl", "Gen"), "holdings": ("Hldgs", "Hldg"), "holding": ("Hldg",),
    "machinery": ("Mach", "Mchnry"), "systems": ("Sys", "Systs"),
    "communications": ("Comms", "Commns"), "communication": ("Comm", "Commn"),
    "aeronautical": ("Aero", "Aeron"), "petroleum": ("Petr", "Ptrlm"),
    "department": ("Dept", "Dpt"), "university": ("Univ", "Unvrsty"),
    "organization": ("Org", "Orgn"), "organisation": ("Org", "Orgn"),
    "enterprise": ("Ent", "Entp"), "enterprises": ("Ents", "Entps"),
    "import": ("Imp",), "export": ("Exp",), "limited": ("Ltd",), "incorporated": ("Inc",),
    "manufacturer": ("Mfr", "Mnfctrr"), "products": ("Prods", "Prdcts"),
    "production": ("Prodn", "Prdctn"), "scientific": ("Sci", "Scntfc"),
    "science": ("Sci", "Scnc"), "materials": ("Matls", "Mtrls"), "marine": ("Mar", "Mrn"),
    "medical": ("Med", "Mdcl"), "pharmaceutical": ("Pharm", "Phrmctcl"),
    "pharmaceuticals": ("Pharms", "Phrmctcls"), "automation": ("Auto", "Autmtn"),
    "instruments": ("Instr", "Instrs"), "factory": ("Fcty", "Fctry"),
    "center": ("Ctr", "Cntr"), "centre": ("Ctr", "Cntr"), "transport": ("Trnsp", "Trans"),
}  # fmt: skip
"""Clipped and vowel-dropped forms as registers and payment systems write them."""


def vary_abbreviated(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """Each business word abbreviated with probability 0.7 (at least one)."""
    if item.schema not in ORG_SCHEMATA:
        return None
    names = [n for n in latin_names(item) if any(
        m.group().lower() in ABBREVIATIONS for m in words(n))]  # fmt: skip
    if not names:
        return None
    name = rng.choice(names)
    places = [m for m in words(name) if m.group().lower() in ABBREVIATIONS]
    chosen = [m for m in places if rng.random() < 0.7] or [rng.choice(places)]
    out = name
    for m in sorted(chosen, key=lambda m: m.start(), reverse=True):
        short = rng.choice(ABBREVIATIONS[m.group().lower()])
        dot = "." if rng.random() < 0.3 and "'" not in short else ""
        out = out[: m.start()] + match_case(m.group(), short) + dot + out[m.end() :]
    return Variant(out, query_schema(item), f"{len(chosen)} of {len(places)} words")


# -- numbers and ordinals -------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def number_word(n: int) -> str:
    """44 -> forty-four (0..99)."""
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


@cache
def number_words() -> dict[str, str]:
    """Number and ordinal words (lower case) -> digits: "forty-four" -> "44", "first" -> "1st"."""
    out = {number_word(n): str(n) for n in range(100)}
    out.update({word: ordinal_suffix(n) for n, word in enumerate(_ORDINALS) if n})
    return out


_NUMBER_TOKEN = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b|\b[A-Za-z]+(?:-[A-Za-z]+)?\b")


def vary_numbers(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """Digits written as words or words as digits, for one number of an organisation's name
    (in persons' names number words are names: TEN, Sergey)."""
    if item.schema not in ORG_SCHEMATA:
        return None
    places: list[tuple[int, int, str]] = []
    for name in (n for n in item.names if is_latin(n)):
        for m in _NUMBER_TOKEN.finditer(name):
            token = m.group()
            if m.group(1):
                n = int(m.group(1))
                new = _ORDINALS[n] if m.group(2) and n <= 20 else None
                if not m.group(2):
                    new = number_word(n)
                if new:
                    places.append((m.start(), m.end(), name + "\0" + match_case(token, new)))
            elif token.lower() in number_words() and token.lower() not in ("one", "zero"):
                places.append((m.start(), m.end(), name + "\0" + number_words()[token.lower()]))
    if not places:
        return None
    start, end, packed = rng.choice(places)
    name, new = packed.split("\0")
    if new[:1].isalpha():
        new = new.upper() if name.isupper() else new.title()
    form = "digits to words" if name[start].isdigit() else "words to digits"
    return Variant(name[:start] + new + name[end:], query_schema(item), form)


# -- short forms of given names -------------------------------------------------------


@cache
def _nicknamer() -> object:
    from nicknames import NickNamer

    return NickNamer()


def short_forms(word: str, expand: bool = True) -> list[str]:
    """Short forms of a given name, and (``expand``) the full form of a short one
    (``nicknames`` package).

    The package chains names both ways and across languages ("Ivan" has the nickname
    "John", "Wilma" has "William", "Ali" abbreviates Allison, Allyson and Almena), so
    only pairs that are one person's name in a register are kept (:func:`is_short_form`),
    and a short form is written out only when it has one full form, which begins with
    it, and the short form is no full name itself ("Dan" -> Daniel, "Pete" ->
    Peter, but not "Ted", "Max", "Ali", "Alex", "Mark" -> Marcus or "Felix" -> Felicia).
    """
    namer = _nicknamer()
    lower = word.lower()
    shorter = {s for s in namer.nicknames_of(lower) if is_short_form(s, lower)}  # type: ignore[attr-defined]
    fuller = [f for f in namer.canonicals_of(lower) if is_short_form(lower, f)]  # type: ignore[attr-defined]
    if (
        expand
        and len(fuller) == 1
        and fuller[0].startswith(lower)
        and len(fuller[0]) >= len(lower) + 2  # "Sara" -> "Sarah" is a spelling
        and not shorter
        and lower not in namer.nickname_lookup  # type: ignore[attr-defined]
    ):
        shorter.add(fuller[0])
    return sorted(shorter)


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` can stand for ``full`` in one person's name: shorter, at least two
    letters, and sharing two letters in a row with it (Bill/William, Ted/Theodore, Bob/
    Robert, Sandy/Alexander); not another name the package pairs with it (Ian/John,
    Bela/William, Polly/Paul)."""
    if not (2 <= len(short) < len(full)):
        return False
    pairs = {full[i : i + 2] for i in range(len(full) - 1)}
    return any(short[i : i + 2] in pairs for i in range(len(short) - 1))


PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ben",
        "ibn",
        "abu",
        "abd",
        "bint",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "la",
        "le",
        "da",
        "dos",
    ]
)


def given_names(item: Listed, name: str) -> list[re.Match[str]]:
    """The given-name words of a person's name (not the family name)."""
    family = {w.upper() for n in item.last_names for w in re.findall(r"[^\W\d_]+", n)}
    found = [m for m in words(name, 3) if m.group().lower() not in PARTICLES]
    if "," in name:
        head = name.index(",")
        return [m for m in found if m.start() > head]
    if family:
        return [m for m in found if m.group().upper() not in family]
    return found[:-1]


def stands_alone(name: str, m: re.Match[str]) -> bool:
    """The word is a name of its own: not half of a hyphenated name, nor letters inside
    an online handle ("Jen" in the alias "Nitr0jen26", which no register writes out as
    "Nitr0jennifer26")."""
    around = name[m.start() - 1 : m.start()] + name[m.end() : m.end() + 1]
    return not any(c == "-" or c.isdigit() for c in around)


def vary_given_name_short(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """One given name swapped for its short form, or the short form for the full name."""
    if item.schema != "Person":
        return None
    places = []
    for name in latin_names(item):
        for m in given_names(item, name):
            if not stands_alone(name, m):
                continue
            for other in short_forms(m.group(), expand=not set(item.countries) & EAST_ASIA):
                places.append((name, m, other))
    if not places:
        return None
    name, m, other = rng.choice(places)
    query = name[: m.start()] + match_case(m.group(), other) + name[m.end() :]
    return Variant(query, "Person", f"{m.group().title()} -> {other.title()}")


# -- acronyms -------------------------------------------------------------------------

_MINOR = frozenset({"of", "and", "the", "for", "in", "de", "la", "del", "des", "du", "et", "&"})


def initials(name: str) -> str:
    """People's Liberation Army -> PLA: first letters of the words that are not minor."""
    _, core, _ = split_legal_form(re.sub(r"\(.*?\)", " ", name))
    parts = [w for w in re.findall(r"[^\W\d_]+(?:'s)?", core) if w.lower() not in _MINOR]
    return "".join(w[0] for w in parts).upper()


def is_acronym_of(acronym: str, name: str) -> bool:
    """The acronym's letters are the initials of the name's words, in order (minor words
    may give a letter or not: MODAFL for Ministry of Defence and Armed Forces Logistics)."""
    firsts = [w[0].upper() for w in re.findall(r"[^\W\d_]+", name)]
    i = 0
    for letter in acronym:
        while i < len(firsts) and firsts[i] != letter:
            i += 1
        if i == len(firsts):
            return False
        i += 1
    return len(acronym) >= 2


def carried_acronyms(item: Listed) -> list[tuple[str, str]]:
    """(acronym, where) for each acronym the list carries that is the initials of one of the
    entity's full names: as an alias ("IRGC") or in parentheses in a name ("... (SPO)")."""
    full = latin_names(item, 2)
    found: dict[str, str] = {}
    for name in item.names:
        if re.fullmatch(r"[A-Z]{2,6}", name):
            found.setdefault(name, "alias")
        for m in re.finditer(r"\(([A-Z]{2,6})\)", name):
            found.setdefault(m.group(1), "in parentheses in a name")
    return [
        (acronym, where)
        for acronym, where in sorted(found.items())
        if any(is_acronym_of(acronym, re.sub(r"\(.*?\)", " ", f)) for f in full)
        and not any(qualifier_initials(acronym, f) for f in full)
    ]


_QUALIFIER_TEXT = """
ltd limited llc inc incorporated co corp corporation company companies gmbh ag sa srl spa
bv nv plc llp jsc ojsc cjsc pjsc oao zao ooo pao ao fze fzco pte sdn bhd pvt private public
joint stock closed open liability sarl sas ltda kg kgaa kft ab oy lp
hong kong uk usa china russia iran korea syria
"""
QUALIFIERS = frozenset(_QUALIFIER_TEXT.split())
"""Legal-form and place words: what qualifies an organisation's name, not its name."""


def qualifier_initials(acronym: str, name: str) -> bool:
    """The acronym spells only the legal form or a place of the name: "PJSC" of "MTS Bank
    Public Joint-Stock Company (PJSC)", "HK" of "Hong Kong Hong Pang Gems & Jewellery
    Co., Ltd.". It names no party (the issue: "the initials of a listed organisation's
    name"), and vet rightly refuses a query that is only a legal form."""
    qualifiers = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() in QUALIFIERS]
    return is_acronym_of(acronym, " ".join(qualifiers))


def vary_acronym(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """An acronym the list carries, or (one query in four) the initials of a full name of 3-5
    English words that the list carries without an acronym."""
    if item.schema not in ORG_SCHEMATA:
        return None
    carried = carried_acronyms(item)
    if carried:
        acronym, where = rng.choice(carried)
        return Variant(acronym, "Company", f"list carries it ({where})")
    if rng.random() >= 0.25:
        return None
    full = [n for n in latin_names(item, 3) if "(" not in n]
    if not full:
        return None
    _, core, _ = split_legal_form(full[0])
    if not all(w.lower() in ENGLISH_ORG_WORDS or w.lower() in _MINOR for w in
               re.findall(r"[^\W\d_]+(?:'s)?", core)[1:]):  # fmt: skip
        return None
    derived = initials(full[0])
    owners = ctx.acronyms.get(derived, set()) - {name_key(item.caption)}
    if not 3 <= len(derived) <= 5 or owners:
        return None
    return Variant(derived, "Company", "list carries the full name only")


ENGLISH_ORG_WORDS = frozenset(
    [
        "army",
        "liberation",
        "front",
        "force",
        "forces",
        "guard",
        "guards",
        "corps",
        "brigade",
        "brigades",
        "movement",
        "party",
        "council",
        "committee",
        "organization",
        "organisation",
        "union",
        "association",
        "institute",
        "bank",
        "company",
        "corporation",
        "group",
        "industries",
        "industrial",
        "international",
        "national",
        "islamic",
        "revolutionary",
        "republic",
        "people",
        "people's",
        "state",
        "ministry",
        "defense",
        "defence",
        "intelligence",
        "security",
        "service",
        "services",
        "agency",
        "authority",
        "office",
        "research",
        "development",
        "technology",
        "technologies",
        "systems",
        "electronics",
        "engineering",
        "aircraft",
        "aviation",
        "shipping",
        "lines",
        "trading",
        "commercial",
        "energy",
        "oil",
        "petroleum",
        "gas",
        "nuclear",
        "space",
        "aerospace",
        "academy",
        "university",
        "center",
        "centre",
        "fund",
        "foundation",
        "holding",
        "holdings",
    ]
)
"""Words after the first that make a name people shorten to its initials."""


# -- scripts --------------------------------------------------------------------------

_LISTED_SCRIPTS = {"HANGUL": "hangul", "THAI": "thai", "KHMER": "khmer", "ETHIOPIC": "amharic",
                   "KATAKANA": "kana", "HIRAGANA": "kana"}  # fmt: skip


def given_first(name: str) -> str:
    """ "KALASHNIKOV, Leonid Ivanovich" -> "Leonid Ivanovich KALASHNIKOV"."""
    if "," in name:
        family, given = name.split(",", 1)
        return f"{given.strip()} {family.strip()}"
    return name


def vary_script_person(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """The list's own name in one of the five scripts, else a Latin name written by sound."""
    if item.schema != "Person":
        return None
    own = [(n, _LISTED_SCRIPTS[script_of(n)]) for n in item.names if script_of(n) in
           _LISTED_SCRIPTS]  # fmt: skip
    if own:
        name, script = rng.choice(own)
        return Variant(name, "Person", f"{script}, as listed")
    names = [n for n in latin_names(item) if len(words(n)) <= 4]
    if not names:
        return None
    script = rng.choice(sorted(PERSON_SCRIPTS))
    query = PERSON_SCRIPTS[script](given_first(rng.choice(names)))
    return Variant(query, "Person", f"{script}, by sound") if query else None


def vary_script_company(item: Listed, rng: random.Random, ctx: Context) -> Variant | None:
    """A Chinese or Arabic company name: the list's own, or written from the Latin name."""
    if item.schema not in ORG_SCHEMATA:
        return None
    own = [n for n in item.names if script_of(n) in ("CJK", "ARABIC")]
    if own:
        name = rng.choice(own)
        script = "chinese" if script_of(name) == "CJK" else "arabic"
        return Variant(name, "Company", f"{script}, as listed")
    countries = set(item.countries)
    names = [n for n in latin_names(item) if len(n) <= 80]
    if not names:
        return None
    name = rng.choice(names)
    if item.schema == "LegalEntity" and not reads_as_firm(name):
        return None
    if countries & CHINESE_ORIGIN:
        query = to_chinese(name, rng)
        return Variant(query, "Company", "chinese, from the Latin name") if query else None
    if countries & ARABIC_ORIGIN:
        query = to_arabic(name, ctx.english)
        return Variant(query, "Company", "arabic, from the Latin name") if query else None
    return None


def reads_as_firm(name: str) -> bool:
    """Whether a name shows it is a firm's: a legal form, or a word the Arabic or Chinese
    tables translate ("Trading", "Bank"); "Saeed Talebi" does not."""
    prefix, _, suffix = split_legal_form(name)
    return bool(prefix or suffix) or any(
        ARABIC_WORDS.get(w.lower()) or CHINESE_WORDS.get(w.lower())
        for w in re.findall(r"[^\W\d_]+", name)
    )


# -- the classes ----------------------------------------------------------------------

Vary = Callable[[Listed, random.Random, Context], Variant | None]
CLASSES: dict[str, Vary] = {
    "truncated": vary_truncated,
    "several_names": vary_several_names,
    "abbreviated": vary_abbreviated,
    "numbers": vary_numbers,
    "given_name_short": vary_given_name_short,
    "acronym": vary_acronym,
    "script_person": vary_script_person,
    "script_company": vary_script_company,
}


def widespread_words(listed: Sequence[Listed], countries: int = 3) -> frozenset[str]:
    """English words of listed organisations' Latin names ("Research", "Petrochemical"),
    which an Arabic register translates, unlike a firm's own name ("Melli", "Mosakhar"):
    words of an English dictionary (the ``english-words`` package, web2 and GCIDE, plurals
    too) found in names from ``countries`` or more countries outside the Arab world and
    Iran, and in no such person's name."""
    seen: dict[str, set[str]] = {}
    arabic_people: set[str] = set()
    for item in listed:
        for name in item.names:
            if not is_latin(name):
                continue
            found = {w.lower() for w in re.findall(r"[^\W\d_]+", name)}
            if item.schema == "Person" and set(item.countries) & ARABIC_ORIGIN:
                arabic_people |= found
            elif item.schema in ORG_SCHEMATA:
                for word in found:
                    seen.setdefault(word, set()).update(set(item.countries) - ARABIC_ORIGIN)
    from english_words import get_english_words_set

    dictionary = get_english_words_set(["web2", "gcide"], lower=True, alpha=True)
    english = {
        w for w, c in seen.items()
        if len(c) >= countries and (w in dictionary or w.removesuffix("s") in dictionary)
    }  # fmt: skip
    return frozenset(english - arabic_people)


def acronym_owners(listed: Sequence[Listed]) -> dict[str, set[str]]:
    """Every acronym a listed party carries or its name gives -> their primary names."""
    out: dict[str, set[str]] = {}
    for item in listed:
        for name in item.names:
            if re.fullmatch(r"[A-Z]{2,6}", name):
                out.setdefault(name, set()).add(name_key(item.caption))
            elif item.schema in ORG_SCHEMATA and len(words(name)) >= 3:
                out.setdefault(initials(name), set()).add(name_key(item.caption))
    return out
