"""Fixtures of the Python package's tests: a fresh store directory per test.
The library under test is $SESSIONSTORE_LIBRARY (CTest sets it to the
build's libsessionstore.so.0)."""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from sessionstore import Store  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store")
    yield s
    s.close()
