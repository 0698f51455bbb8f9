"""How many source records join into one listed party, by which rule, with a sample to check.

Reads the active list versions of a store (the bundled lists by default), collects the
listed records as the index does and runs :func:`vet.resolve.parties.resolve_records`.
Prints records, listed parties after joining, joins per rule, and a reproducible sample
of joins (``--sample``, fixed seed) with both records' names, types, birth dates,
countries and lists, for a person to check by hand.

Run: ``python bench/resolve_bench.py --home ~/.local/share/vet --sample 100``
(``--list au_dfat --sample 30``: only joins with a record on that list).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from vet.index.build import NAME_PROPS, ListedParty, collect_parties, join_records
from vet.resolve.parties import Join
from vet.settings import load_settings
from vet.store import Store


def describe(party: ListedParty, names: list[str]) -> str:
    lists = ", ".join(sorted({item.list_name for item in party.listings}))
    born = "/".join(party.birth_dates[:2]) or "-"
    countries = ",".join(sorted(party.countries)) or "-"
    return f"{party.entity_id} [{lists}] {party.schema} {names[0]!r} born {born} in {countries}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="VET_HOME with the lists")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--list", dest="only_list", help="sample only joins with a record on this list (au_dfat)"
    )
    args = parser.parse_args()
    settings = load_settings(home=str(args.home) if args.home else None)
    store = Store(settings.db_url)
    versions = store.active_versions()
    collected = list(collect_parties((v.list_name, store.raw_entities(v.id)) for v in versions))
    joins = join_records(collected)
    records = [party for party, _ in collected]
    names = [[n for prop in NAME_PROPS for n in found.get(prop, [])] for _, found in collected]
    parties = len(records) - len(joins)
    print(f"lists: {', '.join(v.list_name for v in versions)}")
    print(f"source records: {len(records):,}; listed parties after joining: {parties:,}")
    print(f"records joined into another: {len(joins):,}")
    for rule, count in Counter(j.rule for j in joins.values()).most_common():
        print(f"  {rule}: {count:,}")
    by_id = {p.entity_id: i for i, p in enumerate(records)}

    # The CSL copies of OFAC entries were joined before (the index's twins): check the rest.
    def on_list(join: Join) -> bool:
        lists = {i.list_name for r in (join.party, join.record) for i in records[by_id[r]].listings}
        return args.only_list is None or args.only_list in lists

    sample = sorted(
        (j for j in joins.values() if j.rule != "same OFAC entity number" and on_list(j)),
        key=lambda j: j.record,
    )
    if args.only_list:
        print(f"joins with a record on {args.only_list}: {len(sample):,}")
        for rule, count in Counter(j.rule for j in sample).most_common():
            print(f"  {rule}: {count:,}")
    random.Random(args.seed).shuffle(sample)
    print(f"\nsample of {min(args.sample, len(sample))} joins (seed {args.seed}):")
    for n, join in enumerate(sample[: args.sample], start=1):
        a, b = by_id[join.party], by_id[join.record]
        print(f"{n:3}. {join.rule}")
        print(f"     {describe(records[a], names[a] or [records[a].caption])}")
        print(f"     {describe(records[b], names[b] or [records[b].caption])}")


if __name__ == "__main__":
    main()
