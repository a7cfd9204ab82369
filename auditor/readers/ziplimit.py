"""Zip archives with bounded work: a zip bomb is refused before any XML parser sees it.

Every zip-based reader (DOCX today) calls ``check_zip`` first. It reads the central directory,
refuses more than ``MAX_MEMBERS`` entries or a declared total past the decompressed-size limit,
then inflates each member in chunks, counting, and stops at the limit: a member whose header
understates its size cannot get past it either.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from auditor.limits import Limits, human
from auditor.readers import LimitExceeded, ReadError

MAX_MEMBERS = 10_000
_CHUNK = 1 << 20


def check_zip(data: bytes, limits: Limits, what: str = "archive") -> None:
    """Raise LimitExceeded when the archive inflates past ``limits.decompressed_size`` (0: no limit)
    or holds too many entries; ReadError when it is not a readable zip."""
    limit = limits.decompressed_size
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise LimitExceeded(f"{what} holds {len(infos)} entries (more than {MAX_MEMBERS})")
            if limit <= 0:
                return
            declared = sum(i.file_size for i in infos)
            if declared > limit:
                raise LimitExceeded(_past(what, limit, f"declares {human(declared)}"))
            total = 0
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise LimitExceeded(_past(what, limit, "inflates further"))
    except zipfile.BadZipFile as exc:
        raise ReadError(f"corrupt or truncated {what}: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression, encrypted members
        raise ReadError(f"cannot read the {what}: {exc}") from None
    except (EOFError, OSError, ValueError, zlib.error) as exc:  # a damaged deflate stream (found by fuzzing)
        raise ReadError(f"corrupt {what}: {type(exc).__name__}: {exc}") from None


def _past(what: str, limit: int, detail: str) -> str:
    return (f"{what} decompresses past the {human(limit)} limit ({detail}; a zip bomb?) "
            "(limit: decompressed-size, --max-decompressed-size)")
