"""Content-Encoding decoding with a hard cap on the decoded size.

httpx decodes gzip, deflate and brotli for us, but one network chunk of a gzip
bomb can inflate to tens of megabytes before any size check runs. Feeds are
untrusted, so the fetcher reads raw bytes and decodes them here, asking each
decompressor for at most one byte more than the budget left: a bomb costs the
budget and no more, whatever its ratio.
"""

from __future__ import annotations

import zlib
from typing import Protocol

__all__ = ["ACCEPT_ENCODING", "BodyTooLarge", "CorruptBody", "Decoder", "UnsupportedEncoding", "make_decoder"]

try:  # brotli is a declared dependency, but a missing wheel must not break fetching
    import brotli as _brotli
except ImportError:  # pragma: no cover - exercised only where brotli cannot be installed
    _brotli = None

ACCEPT_ENCODING = "gzip, deflate, br" if _brotli is not None else "gzip, deflate"
"""What the fetcher offers servers: only encodings it can decode with a bound."""


class BodyTooLarge(Exception):
    """The decoded body would exceed the limit."""


class CorruptBody(Exception):
    """The body does not decode with the encoding the server declared."""


class UnsupportedEncoding(Exception):
    """The server used a Content-Encoding we did not offer and cannot decode."""


class _Stage(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...
    def flush(self) -> bytes: ...


class _Identity:
    def feed(self, data: bytes, limit: int) -> bytes:
        if len(data) > limit:
            raise BodyTooLarge
        return data

    def flush(self) -> bytes:
        return b""


class _Zlib:
    """gzip (with concatenated members) or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._raw_fallback = not gzip
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes, limit: int) -> bytes:
        out = b""
        while data:
            try:
                chunk = self._d.decompress(data, limit - len(out) + 1)
            except zlib.error as exc:
                if self._raw_fallback:  # deflate without the zlib header
                    self._raw_fallback = False
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise CorruptBody(str(exc)) from None
            self._raw_fallback = False
            out += chunk
            if len(out) > limit:
                raise BodyTooLarge
            if self._d.eof and self._d.unused_data and self._gzip:
                data = self._d.unused_data  # the next member of a multi-member gzip file
                self._d = zlib.decompressobj(zlib.MAX_WBITS | 16)
            else:
                data = b""
        return out

    def flush(self) -> bytes:
        return self._d.flush()


class _Brotli:
    def __init__(self) -> None:
        assert _brotli is not None
        self._d = _brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        assert _brotli is not None
        try:
            out: bytes = self._d.process(data, output_buffer_limit=limit + 1)
        except _brotli.error as exc:
            raise CorruptBody(str(exc)) from None
        if len(out) > limit:
            raise BodyTooLarge
        return out

    def flush(self) -> bytes:
        return b""


def _stage(name: str) -> _Stage:
    if name in ("", "identity"):
        return _Identity()
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br" and _brotli is not None:
        return _Brotli()
    raise UnsupportedEncoding(name)


class Decoder:
    """Decodes one response body; raises `BodyTooLarge` once `limit` decoded bytes are passed."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [part.strip().lower() for part in content_encoding.split(",") if part.strip()]
        self._stages = [_stage(name) for name in reversed(names)]  # the last encoding applied is undone first
        self.limit = limit
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        for stage in self._stages:
            data = stage.feed(data, self.limit - self.size)
        self.size += len(data)
        if self.size > self.limit:
            raise BodyTooLarge
        return data

    def flush(self) -> bytes:
        data = b""
        for stage in self._stages:
            data = stage.feed(data, self.limit - self.size) + stage.flush() if data else stage.flush()
        self.size += len(data)
        if self.size > self.limit:
            raise BodyTooLarge
        return data


def make_decoder(content_encoding: str | None, limit: int) -> Decoder:
    return Decoder(content_encoding or "", limit)
