"""A validated cache of a loaded content folder, so that a restart does not parse it again.

Reading and checking every page (YAML front matter, Markdown, pictures) is most of the
work between starting the kiosk and its first frame, and after a crash, a power cut or a
watchdog restart the folder is almost always the same as last time. The cache keeps the
loaded :class:`ContentBundle` (with all of its problems) as JSON in the kiosk's state
folder, keyed by every file the loader could read: its path, size, modification time
and a hash of its bytes, for the content folder and the program's own pictures, plus the
program's own loader code. Any difference, or a cache file that is missing, unreadable,
corrupt, of another version or describes files outside the folder, means a full load (and
a new cache): it is never trusted blindly. Plain JSON, never pickle: reading it cannot run
code.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import json
import logging
import os
import sys
import types
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from stat import S_ISREG
from typing import Any

from kiosk.content.digest import file_digest, path_digest
from kiosk.content.model import ContentBundle
from kiosk.content.pictures import PictureRefused, picture_type, read_picture, remember_vetted, vetted_entries

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the file's layout changes
MAX_FILES = 20_000  # a folder bigger than this is loaded without a cache
MAX_DEPTH = 6  # folders below the content folder that are looked at


class _NotCacheable(Exception):
    """The folder or the bundle cannot be described by a cache entry."""


def load_content_cached(root: Path, cache_dir: Path | None, builtin_pictures: Path | None = None,
                        loader: Callable[..., ContentBundle] | None = None) -> ContentBundle:
    """``load_content(root)``, from the cache in ``cache_dir`` when every file is unchanged.

    Without a ``cache_dir`` (or when it cannot be written) this is a plain load. Never
    raises because of the cache."""
    if loader is None:
        loader = _load_content
    from kiosk import paths

    pictures = builtin_pictures if builtin_pictures is not None else paths.illustrations_dir()
    if cache_dir is None:
        return loader(root, pictures)
    try:
        key = fingerprint(Path(root), pictures)
    except (_NotCacheable, OSError) as reason:
        log.info("content cache not used for %s: %s", root, reason)
        return loader(root, pictures)
    file = cache_file(cache_dir, Path(root))
    cached = read_cache(file, key, pictures)
    if cached is not None:
        return cached
    bundle = loader(root, pictures)
    _vet_own_pictures(Path(pictures), key)
    write_cache(file, key, bundle)
    return bundle


def _vet_own_pictures(pictures: Path, key: dict[str, Any]) -> None:
    """Vet the program's own pictures too (the home screen shows some no page names), so
    that what vetting found goes into the cache with the content's pictures."""
    for entry in key["builtin_files"]:
        if picture_type(entry[0]) is not None:
            try:
                read_picture(pictures / entry[0])
            except PictureRefused:
                pass  # drawn as nothing, as before


def _load_content(root: Path, builtin_pictures: Path | None = None) -> ContentBundle:
    # imported on a miss only: a start from the cache needs neither YAML nor Markdown
    from kiosk.content.loader import load_content

    return load_content(root, builtin_pictures)


def cache_file(cache_dir: Path, root: Path) -> Path:
    """One cache file per content folder."""
    return Path(cache_dir) / f"content-cache-{path_digest(Path(root).absolute())}.json"


def fingerprint(root: Path, builtin_pictures: Path) -> dict[str, Any]:
    """What the loaded bundle depends on: every file under ``root`` and ``builtin_pictures``
    (path, size, modification time, BLAKE2 hash of the bytes, where a link leads) and the
    loader's own code."""
    return {
        "format": FORMAT,
        "root": str(Path(root).absolute()),
        "code": _code_stamp(),
        "content": _files(Path(root)),
        "builtin": str(Path(builtin_pictures).absolute()),
        "builtin_files": _files(Path(builtin_pictures)),
    }


def _files(base: Path) -> list[list[Any]]:
    if not base.is_dir():
        return []
    found: list[list[Any]] = []
    real = _RealPaths()
    for folder, folders, files in os.walk(base, followlinks=True):
        depth = len(Path(folder).relative_to(base).parts)
        if depth >= MAX_DEPTH:
            raise _NotCacheable(f"folders nested deeper than {MAX_DEPTH} levels")
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if len(found) >= MAX_FILES:
                raise _NotCacheable(f"more than {MAX_FILES} files")
            stat = path.stat()
            if not S_ISREG(stat.st_mode):  # a named pipe or a device would block: the loader reports it
                raise _NotCacheable(f"{path.name} is not an ordinary file")
            with open(path, "rb") as handle:
                digest = file_digest(handle)
            # where it really is: a link pointed elsewhere is a different file
            found.append([path.relative_to(base).as_posix(), stat.st_size, stat.st_mtime_ns, digest,
                          real(str(path))])
    return found


def _code_stamp() -> list[Any]:
    """The loader's code (a changed program is a changed key); the program itself when
    frozen (its modules have no files of their own then)."""
    here = Path(__file__).resolve().parent
    sources = sorted(here.glob("*.py"))
    if sources:
        return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sources]
    executable = Path(sys.executable)
    return [[executable.name, executable.stat().st_size, executable.stat().st_mtime_ns]]


def read_cache(file: Path, key: dict[str, Any], builtin_pictures: Path) -> ContentBundle | None:
    """The cached bundle if ``file`` holds one for exactly ``key``; None otherwise."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("content cache %s is unreadable (%s); loading the folder", file, error)
        return None
    try:
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        bundle = _decode(ContentBundle, data["bundle"])
        _check_paths(bundle, [Path(key["root"]), Path(builtin_pictures)])
    except (_NotCacheable, KeyError, TypeError, ValueError) as error:
        log.warning("content cache %s is not valid (%s); loading the folder", file, error)
        return None
    vetted = data.get("vetted")
    if isinstance(vetted, list):  # the pictures vetted with this bundle: not vetted again when drawn
        remember_vetted(vetted, _digests(key))
    return typing.cast(ContentBundle, bundle)


def _digests(key: dict[str, Any]) -> set[str]:
    """The hashes of the files ``key`` was made from."""
    return {str(entry[3]) for entry in [*key["content"], *key["builtin_files"]]}


def write_cache(file: Path, key: dict[str, Any], bundle: ContentBundle) -> bool:
    """Save ``bundle`` for ``key`` (atomically); False, logged, when it cannot be."""
    try:
        text = json.dumps({"key": key, "bundle": _encode(bundle), "vetted": vetted_entries(_digests(key))},
                          ensure_ascii=False, separators=(",", ":"))
        file = Path(file)
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, file)
    except (OSError, TypeError, ValueError) as error:
        log.info("content cache not written to %s: %s", file, error)
        return False
    return True


def _check_paths(bundle: ContentBundle, allowed: list[Path]) -> None:
    """Every picture the bundle names lies in the content folder or the program's pictures."""
    roots = [root.resolve() for root in allowed]
    real = _RealPaths()
    for language in bundle.languages.values():
        for section in language.sections:
            for path in [section.illustration, *section.images.values()]:
                if path is not None and not any(Path(real(str(path))).is_relative_to(r) for r in roots):
                    raise _NotCacheable(f"a picture outside the content folder: {path}")


class _RealPaths:
    """Where files really are (``os.path.realpath``), each folder resolved once: only a file
    that is itself a link is resolved on its own (resolving every path again, component by
    component, was most of the time a start spends checking the cache)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(os.path.abspath(path))
        if not name or name in (".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name)


# -- plain data <-> JSON, driven by the model's own type hints ---------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_encode(item) for item in value)
    if isinstance(value, collections.abc.Mapping):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only text keys can be cached")
        return {k: _encode(v) for k, v in value.items()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(hint: Any, data: Any) -> Any:
    return _decoder(hint)(data)


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """What reads a value of type ``hint`` from JSON data: made once per type from the model's
    own type hints (a start decodes ~1,500 values)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(a) for a in args if a is not type(None)], type(None) in args)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    if origin is not None:
        return _collection(origin, args)
    return functools.partial(_decode_plain, hint)


def _union(choices: list[Callable[[Any], Any]], may_be_none: bool) -> Callable[[Any], Any]:
    """One of several types (``str | None``; a clinic detail, ``str | Mapping[str, str]``):
    the first that reads the data."""
    def decode_union(data: Any) -> Any:
        if data is None and may_be_none:
            return None
        for decode in choices[:-1]:
            try:
                return decode(data)
            except (TypeError, ValueError):
                continue
        return choices[-1](data)

    return decode_union


def _record(cls: type) -> Callable[[Any], Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    fields = {name: _decoder(hint) for name, hint in typing.get_type_hints(cls).items() if name in names}

    def decode_record(data: Any) -> Any:
        if not isinstance(data, dict) or set(data) != names:
            raise ValueError(f"{cls.__name__}: other fields than the program's")
        return cls(**{name: fields[name](value) for name, value in data.items()})

    return decode_record


def _collection(origin: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    def refuse(data: Any) -> Any:
        raise TypeError(f"cannot read a {origin.__name__}{list(args)} from {type(data).__name__}")

    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda data: tuple(item(x) for x in data) if isinstance(data, list) else refuse(data)
    if origin in (frozenset, set):
        item = _decoder(args[0])
        return lambda data: origin(item(x) for x in data) if isinstance(data, list) else refuse(data)
    if origin in (dict, collections.abc.Mapping):
        value = _decoder(args[1])
        return lambda data: ({str(k): value(v) for k, v in data.items()} if isinstance(data, dict)
                             else refuse(data))
    return refuse


def _decode_plain(hint: Any, data: Any) -> Any:
    if hint is Path and isinstance(data, str):
        return Path(data)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint in (str, int, float, bool) and (type(data) is hint or (hint is float and type(data) is int)):
        return data
    raise TypeError(f"expected {getattr(hint, '__name__', hint)}, found {type(data).__name__}")
