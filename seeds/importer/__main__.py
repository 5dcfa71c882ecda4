"""Rebuild seeds/data from the national crawl and print the parse figures."""

import argparse
from pathlib import Path

from seeds.importer.build import DATA_DIR, build, write
from seeds.importer.figures import failure_examples, figures
from seeds.importer.source import DEFAULT_SOURCE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m seeds.importer", description=__doc__)
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="procedures.raw.jsonl.gz"
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    catalogue = build(args.source)
    write(catalogue, args.out)
    for label, value in figures(catalogue).items():
        print(f"{value:>6}  {label}")
    for kind, lines in failure_examples(catalogue).items():
        print(f"\nNot structured — {kind}:", *(f"  {line}" for line in lines), sep="\n")


if __name__ == "__main__":
    main()
