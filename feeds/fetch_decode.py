"""Content-Encoding decoding in bounded steps, so a gzip bomb cannot expand in one call.

httpx's own decoders hand each network chunk to zlib whole: 64 KiB of gzip-compressed zeros
becomes ~64 MiB in one go. Here every zlib call is capped at ``STEP`` output bytes and the caller
counts (and stops) between steps.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

STEP = 64 * 1024


class UnsupportedEncoding(Exception):
    pass


class _Zlib:
    def __init__(self, wbits: int, *, sniff: bool = False) -> None:
        self._wbits = wbits
        self._sniff = sniff  # "deflate" is zlib-wrapped per spec, raw deflate in practice
        self._obj = zlib.decompressobj(wbits)
        self._members = 0
        self._finished = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while not self._finished:
            try:
                out = self._obj.decompress(pending, STEP)
            except zlib.error as exc:
                if self._sniff:
                    self._sniff = False
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                if self._members:
                    self._finished = True  # garbage after a complete gzip member: ignore it
                    return
                raise ValueError(f"bad compressed body: {exc}") from None
            self._sniff = False
            if out:
                yield out
            pending = self._obj.unconsumed_tail
            if self._obj.eof:
                self._members += 1
                rest = self._obj.unused_data
                if not rest or self._wbits != 16 + zlib.MAX_WBITS:
                    self._finished = True
                    return
                self._obj = zlib.decompressobj(self._wbits)  # the next gzip member
                pending = rest
            elif not pending and len(out) < STEP:
                return  # everything consumed and nothing left inside zlib

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


class BoundedDecoder:
    """Decodes a Content-Encoding chain (e.g. "gzip") chunk by chunk in bounded pieces."""

    def __init__(self, content_encoding: str) -> None:
        self._stages: list[_Zlib | _Identity] = []
        for token in reversed([t.strip().lower() for t in content_encoding.split(",")]):
            if token in ("", "identity"):
                continue
            if token in ("gzip", "x-gzip"):
                self._stages.append(_Zlib(16 + zlib.MAX_WBITS))
            elif token == "deflate":
                self._stages.append(_Zlib(zlib.MAX_WBITS, sniff=True))
            else:
                raise UnsupportedEncoding(f"unsupported Content-Encoding {token!r}")
        if not self._stages:
            self._stages.append(_Identity())

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, self._stages[0].feed(data))

    def flush(self) -> Iterator[bytes]:
        for i, stage in enumerate(self._stages):
            yield from self._run(i, stage.flush())

    def _run(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        if index >= len(self._stages) - 1:
            yield from pieces
            return
        for piece in pieces:
            yield from self._run(index + 1, self._stages[index + 1].feed(piece))
