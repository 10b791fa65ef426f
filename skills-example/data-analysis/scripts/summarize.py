#!/usr/bin/env python3
"""Descriptive statistics and period-over-period change for a CSV, standard library only.

Usage: python3 summarize.py data.csv --by week
"""
import argparse
import csv
import statistics


def load(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def numeric_columns(rows):
    columns = []
    for name in rows[0].keys():
        try:
            [float(row[name]) for row in rows if row[name] != ""]
            columns.append(name)
        except ValueError:
            continue
    return columns


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--by", required=True, help="the period column, sorted ascending")
    args = parser.parse_args()
    rows = sorted(load(args.path), key=lambda row: row[args.by])
    for column in numeric_columns(rows):
        if column == args.by:
            continue
        values = [float(row[column]) for row in rows if row[column] != ""]
        print(f"{column}: n={len(values)} mean={statistics.mean(values):.2f} "
              f"median={statistics.median(values):.2f} min={min(values):g} max={max(values):g}")
        for previous, current in zip(rows, rows[1:]):
            if previous[column] and current[column] and float(previous[column]) != 0:
                change = (float(current[column]) - float(previous[column])) / float(previous[column])
                print(f"  {current[args.by]}: {change:+.1%}")


if __name__ == "__main__":
    main()
