"""SHA-256 without OpenSSL: the digest that names the speech cache's files and keeps the built-ins' parse.

Importing ``hashlib`` loads and initialises OpenSSL's libcrypto: 3.3-3.5 MiB of a process's peak RSS and
about 10 ms of its start (measured 1-2 December, ``benchmarks/session_memory.py --where``, ``-X importtime``),
for two digests of small inputs. CPython's own SHA-256 module gives the same digest (as CPython's ``random``
takes its SHA-512 from its own module); ``hashlib``'s is used only where the build lacks it.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any


def _builtin_sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):  # Python 3.12 and later; 3.11
        with contextlib.suppress(ImportError):
            function: Callable[[bytes], Any] = importlib.import_module(name).sha256
            return function
    import hashlib

    return hashlib.sha256


_SHA256 = _builtin_sha256()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in hexadecimal, as ``hashlib.sha256(data).hexdigest()`` gives it."""
    return str(_SHA256(data).hexdigest())
