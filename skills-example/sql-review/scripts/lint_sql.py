#!/usr/bin/env python3
"""Team SQL conventions, as a tiny linter: python3 lint_sql.py query.sql"""
import re
import sys

RULES = [
    (re.compile(r"\bselect\s+\*", re.I), "avoid SELECT *: name the columns you need"),
    (re.compile(r"\bnot\s+in\s*\(\s*select", re.I), "NOT IN (subquery) is wrong with NULLs: use NOT EXISTS"),
    (re.compile(r"\bbetween\b.*\b(now|current_timestamp)\b", re.I), "use a half-open range for timestamps"),
    (re.compile(r"\bcreate\s+index\s+(?!concurrently)", re.I), "create indexes CONCURRENTLY on live tables"),
    (re.compile(r"\bdelete\s+from\s+\w+\s*;", re.I), "DELETE without WHERE"),
]


def lint(text: str) -> list[str]:
    findings = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        for pattern, message in RULES:
            if pattern.search(line):
                findings.append(f"{lineno}: {message}")
    return findings


if __name__ == "__main__":
    source = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
    problems = lint(source)
    print("\n".join(problems) if problems else "no findings")
    sys.exit(1 if problems else 0)
