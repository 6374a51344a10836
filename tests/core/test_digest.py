"""core.digest gives hashlib's SHA-256, without loading OpenSSL."""

from __future__ import annotations

import hashlib
import random

from mindful_listening.core.digest import sha256_hex


def test_the_digest_is_hashlibs_for_any_bytes() -> None:
    rng = random.Random(16)
    for size in [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]:
        data = rng.randbytes(size)
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
