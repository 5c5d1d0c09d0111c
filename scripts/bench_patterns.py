"""Benchmark the patterns run over content on hostile text: each should take time in proportion
to the length of the text, never its square.

For each pattern and input shape, the text is built at N and 4N characters and searched; the
table prints both times and their ratio (about 4 for a linear search, about 16 for a quadratic
one). Nothing is written.

    .venv/bin/python scripts/bench_patterns.py            # N = 20,000
    .venv/bin/python scripts/bench_patterns.py --size 100000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from lif.load.data import parse_private_names
from lif.model import content, privacy

#: (name, the search, a text of about n characters) for each hostile input shape.
CASES: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("plain text: '<' then spaces", content._HTML_TAG.search, lambda n: "<" + " " * n + "1"),
    ("plain text: '&' then letters", content._HTML_TAG.search, lambda n: "&" + "a" * n),
    ("address: no scheme, a space", content._SAFE_URL.match, lambda n: "a" * n + " "),
    ("personal data: all kinds", privacy.find_personal_data, lambda n: "born 01 " * (n // 8)),
    ("date of birth: fillers", privacy._DOB.findall, lambda n: "born " + "is " * (n // 3) + "x"),
    ("date of birth: spaces", privacy._DOB.findall, lambda n: "DOB" + " " * n + "x"),
    ("date of birth: triggers", privacy._DOB.findall, lambda n: "d. o. b. " * (n // 9)),
    ("e-mail: many labels", privacy._EMAIL.findall, lambda n: "a@" + "b." * (n // 2) + "1"),
    ("e-mail: no @ after dots", privacy._EMAIL.findall, lambda n: "a." * (n // 2) + "@"),
    ("phone: digits and spaces", privacy._PHONE.findall, lambda n: "01 " * (n // 3)),
    (
        "private names: separators",
        lambda text: list(parse_private_names("Jane Smith\n").find(text)),
        lambda n: "Jane" + " " * n + "x",
    ),
]


def seconds(search: Callable[[str], object], text: str, repeat: int = 3) -> float:
    """The best of ``repeat`` timings of ``search(text)``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        search(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="N, the smaller text's length")
    size = parser.parse_args().size
    print(f"{'pattern and input':36} {'N':>10} {'4N':>10} {'ratio':>6}")
    for name, search, make in CASES:
        small = seconds(search, make(size))
        large = seconds(search, make(4 * size))
        ratio = large / small if small else float("nan")
        print(f"{name:36} {small * 1000:8.2f}ms {large * 1000:8.2f}ms {ratio:6.1f}")


if __name__ == "__main__":
    main()
