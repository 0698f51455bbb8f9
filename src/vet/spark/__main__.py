"""Screen a Parquet or CSV file on Spark: ``python -m vet.spark`` or ``spark-submit`` this file.

``spark-submit --master URL $(python -c 'import vet.spark.__main__ as m; print(m.__file__)')
parties.parquet -o hits.parquet`` runs the screening with the master and resources
``spark-submit`` was given. The index comes from vet's store on the driver
(``VET_DB``/``VET_HOME``), where the screening is saved as ``vet screen`` saves it
(``--no-save``: only the hits are written, to ``-o``). A one-line JSON summary is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

from vet.errors import VetError
from vet.spark.pipeline import SparkScreening, run_screening_spark, screen_file_spark


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep:
            raise SystemExit(f"--map {item!r}: expected FIELD=COLUMN")
        mapping[field.strip()] = column.strip()
    return mapping


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vet.spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="Parquet file or directory, or CSV file")
    parser.add_argument("-o", "--output", help="where to write the hits (Parquet)")
    parser.add_argument(
        "--no-save", action="store_true", help="only write the hits to -o; save no screening"
    )
    parser.add_argument("--name", help="name of the saved screening (default: file and time)")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, or local[2])")
    parser.add_argument("--lists", help="only these lists, comma-separated")
    parser.add_argument("--threshold", type=float, help="match threshold (default: calibrated)")
    parser.add_argument(
        "--map", dest="mappings", action="append", default=[], help="FIELD=COLUMN (repeatable)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output")
    args = parser.parse_args(argv)
    if args.no_save and not args.output:
        parser.error("--no-save writes only the hits: give -o hits.parquet")
    lists = [n.strip() for n in args.lists.split(",") if n.strip()] if args.lists else None
    try:
        if args.no_save:
            summary = screen_file_spark(
                args.file,
                output=args.output,
                master=args.master,
                lists=lists,
                threshold=args.threshold,
                mapping=parse_mapping(args.mappings),
                overwrite=args.overwrite,
            )
        else:
            summary = save_in_default_store(args, lists)
    except VetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    data = asdict(summary)
    data["skipped"] = [{"row": s.row, "problem": s.problem} for s in summary.skipped[:20]]
    data["screening"] = summary.screening.id if summary.screening else None
    print(json.dumps(data, ensure_ascii=False, default=str))
    return 0


def save_in_default_store(args: argparse.Namespace, lists: list[str] | None) -> SparkScreening:
    """Screen with the index of vet's default store, and save the screening there."""
    from vet.scoring import Matcher
    from vet.screen.staged import ownership_rule
    from vet.settings import load_settings
    from vet.store import Store, ensure_lists

    settings = load_settings()
    store = Store(settings.db_url)
    ensure_lists(store, auto_bundle=settings.auto_bundle)
    matcher = Matcher.from_store(store, lists=lists, cache_dir=settings.home / "index")
    versions = [v.id for v in store.active_versions(lists)]
    return run_screening_spark(
        store,
        matcher,
        args.file,
        name=args.name,
        threshold=args.threshold,
        mapping=parse_mapping(args.mappings),
        lists=lists,
        ownership=ownership_rule(store, matcher, lists, versions),
        output=args.output,
        overwrite=args.overwrite,
        master=args.master,
    )


if __name__ == "__main__":
    sys.exit(main())
