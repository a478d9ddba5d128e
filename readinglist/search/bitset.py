"""Sets of document numbers as Python ints (bit d = document d), and scores kept bit-sliced.

Python ints do AND/OR/XOR over 100,000 documents in about a microsecond, in C. So a query
matching nearly every paper is matched and scored in milliseconds; what costs per paper is
only turning the result into Hit objects.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from typing import TypeAlias, TypeVar

# A term's documents: their numbers (`array("I")`, in no particular order) or a bitset.
Postings: TypeAlias = "array[int] | bytearray"

_Item = TypeVar("_Item")
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")
_NONZERO_BYTES = re.compile(rb"[^\x00]+")
_OFFSETS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
# Below this many doc numbers, setting bits one by one beats filling a byte per document.
_FEW_PER_DOC = 1 / 256


def from_bitset(bits: bytearray) -> int:
    return int.from_bytes(bits, "little")


def set_bit(bits: bytearray, doc: int) -> None:
    index = doc >> 3
    if index >= len(bits):
        bits.extend(bytes(index + 1 - len(bits)))
    bits[index] |= 1 << (doc & 7)


def clear_bit(bits: bytearray, doc: int) -> None:
    index = doc >> 3
    if index < len(bits):
        bits[index] &= ~(1 << (doc & 7)) & 0xFF


def to_bitset(docs: Iterable[int], size: int) -> bytearray:
    """A bitset of `size` bits from doc numbers below it."""
    return bytearray(_scattered((docs,), size).to_bytes((size + 7) >> 3, "little"))


def union(postings: Iterable[Postings | list[int]], size: int) -> tuple[int, int]:
    """The documents in any of `postings`, and how many doc numbers had to be visited one by one.

    `size` bounds the doc numbers. Bitsets are ORed in C; lists of numbers are scattered into a
    byte per document, which C then turns into an int through its binary digits.
    """
    mask = 0
    numbers = []
    for docs in postings:
        if isinstance(docs, bytearray):
            mask |= from_bitset(docs)
        elif docs:
            numbers.append(docs)
    count = sum(map(len, numbers))
    if count <= size * _FEW_PER_DOC:
        for docs in numbers:
            for doc in docs:
                mask |= 1 << doc
    else:
        mask |= _scattered(numbers, size)
    return mask, count


def _scattered(numbers: Iterable[Iterable[int]], size: int) -> int:
    """One byte per document, then C turns the bytes into an int through its binary digits."""
    scratch = bytearray(size)
    for docs in numbers:
        for doc in docs:
            scratch[doc] = 1
    return int(scratch.translate(_AS_DIGITS)[::-1] or b"0", 2)


def members(mask: int) -> list[int]:
    """The doc numbers in `mask`, ascending."""
    if _is_dense(mask):
        return list(compress(range(mask.bit_length()), _flags(mask)))
    # Sparse: skip the zero bytes with a regular expression, decode the others.
    data = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
    found: list[int] = []
    for run in _NONZERO_BYTES.finditer(data):
        start = run.start()
        found += [
            (start + index) << 3 | bit
            for index, byte in enumerate(run.group())
            for bit in _OFFSETS[byte]
        ]
    return found


def select(items: Sequence[_Item], mask: int) -> list[_Item]:
    """`items[doc]` for each doc in `mask`, in doc order."""
    if _is_dense(mask):
        return list(compress(items, _flags(mask)))
    return list(map(items.__getitem__, members(mask)))


def _is_dense(mask: int) -> bool:
    return mask.bit_count() * 16 > mask.bit_length()


def _flags(mask: int) -> bytes:
    """A byte per bit, lowest first: what `itertools.compress` needs to pick in C."""
    return format(mask, "b").encode("ascii")[::-1].translate(_FROM_DIGITS)


def add_weighted(planes: list[int], mask: int, weight: int) -> None:
    """Add `weight` to the score of every document in `mask`.

    Scores are bit-sliced: `planes[i]` holds bit i of every document's score, so one addition
    is a ripple-carry adder over whole sets (a few dozen int operations, whatever the count).
    """
    position = 0
    while weight:
        if weight & 1:
            carry, level = mask, position
            while carry:
                while level >= len(planes):
                    planes.append(0)
                plane = planes[level]
                planes[level] = plane ^ carry
                carry &= plane
                level += 1
        weight >>= 1
        position += 1


def score_classes(planes: list[int], candidates: int) -> Iterator[tuple[int, int]]:
    """(score, documents with that score) for the candidates, highest score first."""

    def split(mask: int, level: int, score: int) -> Iterator[tuple[int, int]]:
        if level < 0:
            yield score, mask
            return
        high = mask & planes[level]
        if high:
            yield from split(high, level - 1, score | 1 << level)
        if high != mask:
            yield from split(mask ^ high, level - 1, score)

    if candidates:
        yield from split(candidates, len(planes) - 1, 0)
