"""Gateway transport compression: one streaming context per connection."""

from __future__ import annotations

import zlib
from typing import Protocol


class StreamCompressor(Protocol):
    def compress(self, data: bytes) -> bytes: ...


class ZlibStream:
    """``compress=zlib-stream``: each message is flushed with Z_SYNC_FLUSH, so it ends with 00 00 ff ff."""

    def __init__(self) -> None:
        self._ctx = zlib.compressobj()

    def compress(self, data: bytes) -> bytes:
        out = self._ctx.compress(data) + self._ctx.flush(zlib.Z_SYNC_FLUSH)
        assert out.endswith(b"\x00\x00\xff\xff")
        return out


class ZstdStream:
    """``compress=zstd-stream`` (needs the ``zstandard`` package or Python 3.14's compression.zstd)."""

    def __init__(self) -> None:
        try:
            import zstandard  # type: ignore

            obj = zstandard.ZstdCompressor().compressobj()
            flag = zstandard.COMPRESSOBJ_FLUSH_BLOCK
            self._fn = lambda data: obj.compress(data) + obj.flush(flag)
        except ImportError:
            from compression import zstd  # type: ignore

            comp = zstd.ZstdCompressor()
            self._fn = lambda data: comp.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK)

    def compress(self, data: bytes) -> bytes:
        return self._fn(data)


def make_compressor(kind: str | None) -> StreamCompressor | None:
    """Return a compressor for the ``compress`` query value (None = plain text frames)."""
    if kind is None:
        return None
    if kind == "zlib-stream":
        return ZlibStream()
    if kind == "zstd-stream":
        return ZstdStream()
    raise ValueError(f"unknown gateway compression {kind!r}")
