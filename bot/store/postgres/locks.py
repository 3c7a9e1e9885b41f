"""Advisory lock keys: one namespace (the first of the two int4 keys) per kind of lock.

The migration lock uses a single bigint key instead (schema.py).
"""

from __future__ import annotations

import zlib

PERSON_LOCK_SPACE = 7_406_231
JOB_LOCK_SPACE = 7_406_232


def lock_key(name: str) -> int:
    """A stable int4 key for a name: the same in every process (unlike hash())."""
    return zlib.crc32(name.encode()) - 2**31
