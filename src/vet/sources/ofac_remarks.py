"""OFAC remarks: the labelled items that carry most of a listed party's details.

OFAC keeps little in fixed columns. The rest of what it knows about a listed
person, entity, vessel or aircraft is written as ``;``-separated labelled items in
the legacy CSV's remarks column (continued in ``sdn_comments.csv`` past the 1000th
character)::

    DOB 01 Jan 1970; POB Baghdad, Iraq; nationality Iraq; Passport A123 (Iraq)
    issued 01 Jan 2000 expires 01 Jan 2010; Digital Currency Address - ETH 0x098B...;
    Linked To: NAME; a.k.a. 'WEAK ALIAS'; Secondary sanctions risk: ...

That is birth dates and places, nationalities, identity documents, crypto wallets,
contact details, vessel and aircraft facts, links to other listed parties, weak
(low-quality) a.k.a.s found nowhere else, and facts about the listing itself
(listing date, provisions). Screening matches on these, so they are parsed into
FollowTheMoney properties, identifiers, links and the Sanction rather than kept
only as text; the remarks as written still go into ``notes``.

The sdnList XML (``idList``) and the enhanced XML (``features``) carry the same items
under the same labels, so :mod:`vet.sources.ofac_csv`, :mod:`vet.sources.ofac_xml`
and the Treasury rows of :mod:`vet.sources.us_csl` all read them here:
:func:`parse_remarks` splits a remarks text into :class:`Detail` items (each matched
to the longest label in the tables below), and :func:`apply_detail` puts one item on
an entity or on its :class:`Listing`. An item with an unknown label stays in the
notes only. :class:`Context` resolves ``Linked To:`` names to listed entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthemoney import registry
from followthemoney.proxy import EntityProxy

from vet.sources.builder import ListBuilder, clean_text

# Country spellings OFAC uses to say "no country".
NO_COUNTRY = {"none identified", "undetermined", "unknown"}


# -- remark items --------------------------------------------------------------
#
# Labels as OFAC writes them, lower case. A remark item matches the longest label it
# starts with (after an optional "alt. "). The XML idType carries the same labels.

PROPERTY_LABELS: dict[str, str] = {
    "dob": "birthDate",
    "pob": "birthPlace",
    "gender": "gender",
    "website": "website",
    "email address": "email",
    "email": "email",
    "phone number": "phone",
    "phone": "phone",
    "telephone": "phone",
    "telephone number": "phone",
    "organization established date": "incorporationDate",
    "organization type": "sector",
    "target type": "classification",
    "mmsi": "mmsi",
    "former vessel flag": "pastFlags",
    "vessel year of build": "buildDate",
    "other vessel call sign": "callSign",
    "other vessel flag": "pastFlags",
    "aircraft model": "model",
    "aircraft manufacture date": "buildDate",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft tail number": "registrationNumber",
    # feature types of the enhanced XML
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "vessel call sign": "callSign",
    "vessel flag": "flag",
    "vessel type": "type",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
}
# Countries: the property for a Person, else ``country`` (``jurisdiction`` where it exists).
COUNTRY_LABELS: dict[str, str] = {
    "nationality": "nationality",
    "citizen": "citizenship",
    "nationality of registration": "jurisdiction",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
}
# Quoted names in remarks: OFAC puts only weak (low-quality) a.k.a.s there.
ALIAS_LABELS: dict[str, str] = {
    "a.k.a.": "weakAlias",
    "n.k.a.": "weakAlias",
    "f.k.a.": "previousName",
}
# Another listed party named by its primary name -> link role.
LINK_LABELS: dict[str, str] = {
    "linked to": "Linked To",
    "aircraft operator": "Aircraft operator",
}
# Facts about the listing itself -> Sanction provisions.
PROVISION_LABELS = (
    "additional sanctions information",
    "secondary sanctions risk",
    "transactions prohibited for persons owned or controlled by u.s",
    "executive order",
    "caatsa section 235 information",
    "ifca determination",
    "ifca industry",
    "u.s. persons must continue to block",
    "united states financial institutions are prohibited",
)
SANCTION_DATE_LABELS: dict[str, str] = {
    "listing date": "listingDate",
    "effective date": "startDate",
}
# Known labels kept only in the notes (remarks text), never read as identifiers.
NOTE_LABELS = (
    "for more information",
    "purchase/sales for divestment date",
    "issuer name",
    "aircraft construction number",
    "previous aircraft tail number",
    "fax",
    "telex",
    "chinese commercial code",
    "arrested",
    "all offices worldwide",
)
IDENTIFIER_LABELS = (
    "afghan money service provider license number",
    "bik (ru)",
    "birth certificate number",
    "bosnian personal id no.",
    "branch unit number",
    "british national overseas passport",
    "business number",
    "business registration document #",
    "business registration number",
    "c.i.f.",
    "c.i.n.",
    "c.r. no.",
    "c.u.i.",
    "c.u.i.p.",
    "c.u.i.t.",
    "c.u.r.p.",
    "c.u.r.p. #",
    "cartilla de servicio militar nacional",
    "cedula no.",
    "central registration system number",
    "certificate of incorporation number",
    "chamber of commerce number",
    "citizen's card number",
    "cnp (personal numerical code)",
    "commercial registry number",
    "company id",
    "company number",
    "credencial electoral",
    "d-u-n-s number",
    "d.n.i.",
    "digital currency address",
    "diplomatic passport",
    "driver's license no.",
    "dubai chamber of commerce membership no.",
    "economic register number (cbls)",
    "electoral registry no.",
    "enterprise number",
    "equity ticker",
    "file number",
    "fiscal code",
    "folio mercantil no.",
    "government gazette number",
    "i.f.e.",
    "identification number",
    "immigration no.",
    "isin",
    "istanbul chamber of comm. no.",
    "italian fiscal code",
    "kenyan id no.",
    "le number",
    "legal entity number",
    "license",
    "matricula mercantil no",
    "military registration number",
    "moroccan personal id no.",
    "msb registration number",
    "n.i.e.",
    "n.i.f.",
    "national foreign id number",
    "national id no.",
    "nit #",
    "numero de identidad",
    "numero unico de identificacao tributaria (nuit)",
    "organization code",
    "paraguayan tax identification number",
    "passport",
    "passport booklet",
    "permit number",
    "personal id card",
    "pilot license number",
    "public registration number",
    "public security and immigration no.",
    "r.f.c.",
    "r.f.c. #",
    "refugee id card",
    "registered charity no.",
    "registration certificate number (dubai)",
    "registration id",
    "registration number",
    "residency number",
    "rfc",
    "rif #",
    "romanian c.r.",
    "romanian permanent resident",
    "romanian tax registration",
    "rsin",
    "rtn",
    "ruc #",
    "russian state individual business registration number pattern (ogrnip)",
    "seafarer's identification document",
    "serial no.",
    "sre permit no.",
    "ssn",
    "stateless person id card",
    "stateless person passport",
    "swift/bic",
    "tax id no.",
    "tazkira national id card",
    "tourism license no.",
    "trade license no.",
    "trademark number",
    "travel document number",
    "turkish identification number",
    "uae identification",
    "uk company number",
    "unified social credit code (uscc)",
    "united social credit code certificate (usccc)",
    "us fein",
    "v.a.t. number",
    "vessel registration identification",
    "visanumberid",
)
# Identifier labels the builder does not map to a dedicated FtM property.
IDENTIFIER_PROPERTIES: dict[str, str] = {
    "v.a.t. number": "vatCode",
    "government gazette number": "okpoCode",
    "united social credit code certificate (usccc)": "uscCode",
    "uk company number": "registrationNumber",
    "nit #": "taxNumber",
    "ruc #": "taxNumber",
    "rif #": "taxNumber",
    "rfc": "taxNumber",
    "r.f.c.": "taxNumber",
    "r.f.c. #": "taxNumber",
    "rtn": "taxNumber",
    "c.u.i.t.": "taxNumber",
    "us fein": "taxNumber",
    "italian fiscal code": "taxNumber",
    "fiscal code": "taxNumber",
    "romanian tax registration": "taxNumber",
    "paraguayan tax identification number": "taxNumber",
    "numero unico de identificacao tributaria (nuit)": "taxNumber",
    "russian state individual business registration number pattern (ogrnip)": "ogrnCode",
}
# Russian numbers OFAC labels generically: Tax ID No. is the INN, Registration Number/ID the OGRN.
RUSSIAN_PROPERTIES: dict[str, str] = {
    "tax id no.": "innCode",
    "registration number": "ogrnCode",
    "registration id": "ogrnCode",
}

# One pattern over every label, longest first, each ending at a word boundary.
_LABEL = re.compile(
    "|".join(
        re.escape(label) + (r"(?![a-z0-9])" if label[-1].isalnum() else "")
        for label in sorted(
            {
                *PROPERTY_LABELS,
                *COUNTRY_LABELS,
                *ALIAS_LABELS,
                *LINK_LABELS,
                *PROVISION_LABELS,
                *SANCTION_DATE_LABELS,
                *NOTE_LABELS,
                *IDENTIFIER_LABELS,
            },
            key=len,
            reverse=True,
        )
    ),
    re.IGNORECASE,
)

_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_REGION = re.compile(r"^(?:region:|possibly)\s+(.+)$", re.IGNORECASE)
_QUOTED = re.compile(r"^'(.+)'$")
_IMO = re.compile(r"^IMO\s*(\d{7})$", re.IGNORECASE)
_CRYPTO = re.compile(r"^-?\s*([A-Za-z0-9]+)\s+(\S+)$")
_ID_PARTS = re.compile(
    r"^(?P<number>.*?)(?:\s*\((?P<country>[^()]*)\))?"
    r"(?:\s+issued\s+(?P<issued>[^()]*?))?(?:\s+expires\s+(?P<expires>.*))?$"
)
_TRAILING_DATE = re.compile(r"\b(\d{1,2} [A-Za-z]{3} \d{4}|[A-Za-z]{3} \d{4}|\d{4})\s*$")


@dataclass(frozen=True)
class Detail:
    """One labelled item of an OFAC record: a remark (CSV) or an ``idList/id`` (XML)."""

    label: str | None
    """The matched label, lower case; ``None`` for free text."""
    kind: str
    """The label as OFAC wrote it (used as the identifier type)."""
    value: str
    text: str
    """The whole item as written (without a leading "alt.")."""
    country: str | None = None
    issued: str | None = None
    expires: str | None = None


@dataclass
class Listing:
    """What an entry's details say about its listing; becomes the Sanction."""

    provisions: list[str] = field(default_factory=list)
    listing_dates: list[str] = field(default_factory=list)
    start_dates: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What the parser of one file needs across records: the builder and a name index."""

    builder: ListBuilder
    names: dict[str, list[str]] = field(default_factory=dict)
    """Upper-case primary name -> entity ids, for ``Linked To:`` and vessel owners."""

    def index(self, name: str | None, entity_id: str) -> None:
        text = clean_text(name)
        if text is not None:
            self.names.setdefault(text.upper(), []).append(entity_id)

    def resolve(self, name: str) -> list[str]:
        """Ids of listed parties whose primary name is ``name`` (ignoring a final full stop)."""
        key = (clean_text(name) or "").upper()
        for candidate in (key, key.rstrip("."), key + "."):
            if candidate in self.names:
                return self.names[candidate]
        return []


def match_label(text: str) -> str | None:
    """The longest known label ``text`` starts with (lower case), or ``None``."""
    match = _LABEL.match(text)
    return match.group(0).lower() if match is not None else None


def split_identifier(value: str) -> tuple[str, str | None, str | None, str | None]:
    """``X123 (Germany) issued 01 Jan 2000 expires 2010`` -> number, country, issued, expires."""
    match = _ID_PARTS.match(value)
    if match is None:  # the pattern matches any text; kept for the type checker
        return value, None, None, None
    number = match.group("number").strip()
    country = match.group("country")
    if country is not None and registry.country.clean(country) is None:
        if country.strip().lower() not in NO_COUNTRY:
            number = f"{number} ({country})"
        country = None
    return number, country, match.group("issued"), match.group("expires")


def parse_remark(item: str) -> Detail:
    """One ``;``-separated remark -> a :class:`Detail` (label ``None`` when not understood)."""
    text = item.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()  # the XML writes "(Linked To: NAME)"
    body = _ALT.sub("", text)
    label = match_label(body)
    if label is None:
        return Detail(None, body, body, body)
    kind = body[: len(label)]
    value = body[len(label) :].strip().lstrip(":").strip()
    if label == "digital currency address":
        crypto = _CRYPTO.match(value)
        if crypto is not None:
            return Detail(label, f"{kind} - {crypto.group(1)}", crypto.group(2), body)
    if label in IDENTIFIER_LABELS:
        number, country, issued, expires = split_identifier(value)
        return Detail(label, kind, number, body, country, issued, expires)
    return Detail(label, kind, value, body)


def parse_remarks(remarks: str | None) -> list[Detail]:
    """Split an OFAC remarks text into its items (the final full stop is OFAC's, not data)."""
    text = (remarks or "").strip()
    if text.endswith("."):
        text = text[:-1]
    return [parse_remark(item) for item in re.split(r"\s*;\s*", text) if item.strip()]


def detail_label(kind: str) -> str | None:
    """The label for an XML ``idType`` such as ``Digital Currency Address - XBT``."""
    return match_label(kind.strip().rstrip(":").strip())


# -- applying details -------------------------------------------------------------


def add_dates(
    builder: ListBuilder, entity: EntityProxy, prop: str, value: str, *, record: str
) -> None:
    """Add a date that OFAC may write as a range (``1964 to 1966``) or choice (``1960 or 1961``)."""
    for part in re.split(r"\s+(?:to|or|-)\s+", value):
        builder.add(entity, prop, part, record=record)


def apply_detail(
    ctx: Context,
    entity: EntityProxy,
    listing: Listing,
    detail: Detail,
    *,
    record: str,
    structured: bool = False,
) -> None:
    """Put one labelled item on ``entity`` (or on its listing).

    ``structured`` says the item came from a typed field (XML ``idList``), so an
    unknown label is still an identifier; unknown remark text stays in the notes only.
    """
    builder = ctx.builder
    label, value = detail.label, detail.value
    if not value:
        return
    if label is None:
        if structured:
            add_identifier(ctx, entity, detail, record=record)
        return
    if label in ALIAS_LABELS:
        quoted = _QUOTED.match(value)
        if quoted is not None:  # an unclosed quote is a remark cut short: drop it
            builder.add(entity, ALIAS_LABELS[label], quoted.group(1), record=record)
    elif label in PROPERTY_LABELS:
        prop = PROPERTY_LABELS[label]
        prop_type = (
            entity.schema.properties[prop].type if prop in entity.schema.properties else None
        )
        if prop_type is None:
            return
        if prop_type == registry.date:
            add_dates(builder, entity, prop, value, record=record)
        elif prop_type == registry.country:
            add_country(builder, entity, value, prop, record=record)
        else:
            if prop in ("tonnage", "grossRegisteredTonnage"):
                value = value.replace(",", "")
            # OFAC phone numbers rarely parse as international numbers; they stay in the notes
            builder.add(entity, prop, value, record=record, quiet=prop in ("phone", "gender"))
    elif label in COUNTRY_LABELS:
        add_country(builder, entity, value, COUNTRY_LABELS[label], record=record)
    elif label in LINK_LABELS:
        link(ctx, entity, value, LINK_LABELS[label], record=record)
    elif label in SANCTION_DATE_LABELS:
        found = _TRAILING_DATE.search(value)
        if found is not None:
            dates = listing.listing_dates if label == "listing date" else listing.start_dates
            dates.append(found.group(1))
    elif label.startswith(PROVISION_LABELS):
        # the XML joins two provisions in one idNumber with "; "
        listing.provisions.extend(re.split(r"\s*;\s*", detail.text))
    elif label in NOTE_LABELS:
        return
    elif label in IDENTIFIER_LABELS or structured:
        add_identifier(ctx, entity, detail, record=record)


def add_country(
    builder: ListBuilder, entity: EntityProxy, value: str | None, prop: str, *, record: str
) -> None:
    """A country on the property ``prop`` if the schema has it, else on ``country``."""
    text = clean_text(value)
    if text is None or text.lower() in NO_COUNTRY:
        return
    region = _REGION.match(text)
    if region is not None:
        # "Region: Crimea", "Region: Kafia Kingi": a country only when FtM knows the region
        text = region.group(1)
        if registry.country.clean(text) is None:
            return
    if entity.schema.get(prop) is None:
        prop = "country"
    builder.add_country(entity, text, prop=prop, record=record)


def add_identifier(ctx: Context, entity: EntityProxy, detail: Detail, *, record: str) -> None:
    """An identifier item: on the holder and as an Identification/Passport/CryptoWallet."""
    builder = ctx.builder
    kind, number = detail.kind, detail.value
    imo = _IMO.match(number)
    if imo is not None:  # "Vessel Registration Identification IMO 9187629", "Company Number IMO"
        kind, number = "IMO", f"IMO{imo.group(1)}"
    elif detail.label == "vessel registration identification":
        kind = "Vessel registration number"  # not an IMO number (e.g. "RS 150443")
    dates = [
        f"issued {detail.issued}" if detail.issued else "",
        f"expires {detail.expires}" if detail.expires else "",
    ]
    note = " ".join(d for d in dates if d) or None
    country = detail.country
    if country is not None and country.strip().lower() in NO_COUNTRY:
        country = None
    builder.add_identifier(entity, kind, number, country=country, record=record, note=note)
    label = (detail.label or "").lower()
    extra = IDENTIFIER_PROPERTIES.get(label)
    if extra is None and registry.country.clean(country or "") == "ru":
        extra = RUSSIAN_PROPERTIES.get(label)
    if extra is not None and entity.schema.get(extra) is not None:
        builder.add(entity, extra, number, record=record, quiet=True)


def link(ctx: Context, entity: EntityProxy, name: str, role: str, *, record: str) -> None:
    """Link ``entity`` to the listed party called ``name``; left in the notes when unresolved."""
    targets = [t for t in ctx.resolve(name) if t != entity.id]
    if len(targets) == 1 and entity.id is not None:
        ctx.builder.link(entity.id, targets[0], role)
    elif len(targets) > 1:
        ctx.builder.warn(
            f"{role} {name!r} names {len(targets)} listed parties; not linked", record=record
        )
