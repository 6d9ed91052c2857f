"""The content cache: a restart with an unchanged folder skips parsing it, and anything
changed, corrupt or suspicious in the cache means a full load (never a wrong screen)."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content.cache import cache_file, load_content_cached
from kiosk.content.loader import load_content
from kiosk.content.model import ContentBundle


class CountingLoader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, root: Path, pictures: Path | None = None) -> ContentBundle:
        self.calls += 1
        return load_content(root, pictures)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(paths.bundled_content_dir(), copy)
    return copy


def test_an_unchanged_folder_comes_from_the_cache_exactly_as_loaded(folder: Path, tmp_path: Path) -> None:
    loader = CountingLoader()
    first = load_content_cached(folder, tmp_path / "state", loader=loader)
    again = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 1
    assert again == first == load_content(folder)
    assert again.language("es").sections[0].html == first.language("es").sections[0].html
    assert again.language("en").checklist == first.language("en").checklist


def test_a_clinic_s_own_details_come_from_the_cache_too(folder: Path, tmp_path: Path) -> None:
    """A filled-in clinic.yaml (a detail as one text, another per language): before, the
    cache could not read these back, so a clinic that filled in its details loaded and
    checked the whole folder at every start (with a warning in the log each time)."""
    clinic = folder / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8").replace("clinic_phone:\n", "clinic_phone: 555-0100\n", 1)
    text = text.replace("\nclinic_name:\n", "\nclinic_name:\n  en: Riverside Pain Clinic\n"
                        "  es: Clínica del Dolor Riverside\n", 1)
    clinic.write_text(text, encoding="utf-8")
    loader = CountingLoader()
    first = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert first.clinic.value("clinic_phone", "en") == "555-0100"
    assert first.clinic.value("clinic_name", "es") == "Clínica del Dolor Riverside"
    again = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 1 and again == first


def test_a_page_edited_in_place_is_loaded_again_even_with_its_old_size_and_time(
        folder: Path, tmp_path: Path) -> None:
    loader = CountingLoader()
    load_content_cached(folder, tmp_path / "state", loader=loader)
    page = folder / "en" / "01-what-is-crps.md"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    changed = text.replace("lasts a long time", "lasts a LONG time", 1)
    assert changed != text and len(changed) == len(text)
    page.write_text(changed, encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a copy that keeps times would
    bundle = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 2
    assert "LONG" in bundle.language("en").sections[0].html


def test_a_new_page_or_picture_is_loaded_again(folder: Path, tmp_path: Path) -> None:
    loader = CountingLoader()
    load_content_cached(folder, tmp_path / "state", loader=loader)
    (folder / "pictures").mkdir()
    (folder / "pictures" / "extra.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 2


def test_a_broken_page_is_reported_from_the_cache_too(folder: Path, tmp_path: Path) -> None:
    page = folder / "en" / "02-signs-and-symptoms.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    loader = CountingLoader()
    first = load_content_cached(folder, tmp_path / "state", loader=loader)
    again = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 1
    assert not again.usable
    assert again.errors == first.errors
    assert any(problem.file == "en/02-signs-and-symptoms.md" for problem in again.errors)


@pytest.mark.parametrize("damage", ["truncated", "not json", "wrong shape", "other key"])
def test_a_corrupt_cache_is_never_trusted(folder: Path, tmp_path: Path, damage: str,
                                          caplog: pytest.LogCaptureFixture) -> None:
    loader = CountingLoader()
    expected = load_content_cached(folder, tmp_path / "state", loader=loader)
    file = cache_file(tmp_path / "state", folder)
    text = file.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "truncated":
        file.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not json":
        file.write_bytes(b"\xff\xfe\x00garbage")
    elif damage == "wrong shape":
        data["bundle"]["languages"]["en"]["sections"][0]["order"] = "first"
        file.write_text(json.dumps(data), encoding="utf-8")
    else:
        data["key"]["content"][0][3] = "0" * 32
        data["bundle"]["languages"]["en"]["sections"][0]["title"] = "Not what the file says"
        file.write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.content.cache"):
        bundle = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 2
    assert bundle == expected
    # and the cache is whole again for the next start
    assert load_content_cached(folder, tmp_path / "state", loader=loader) == expected
    assert loader.calls == 2


def test_a_cache_pointing_at_a_picture_outside_the_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    loader = CountingLoader()
    load_content_cached(folder, tmp_path / "state", loader=loader)
    file = cache_file(tmp_path / "state", folder)
    data = json.loads(file.read_text(encoding="utf-8"))
    data["bundle"]["languages"]["en"]["sections"][0]["illustration"] = "/etc/passwd"
    file.write_text(json.dumps(data), encoding="utf-8")
    bundle = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 2
    assert bundle.language("en").sections[0].illustration != Path("/etc/passwd")


def test_without_a_writable_cache_folder_the_folder_is_simply_loaded(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    loader = CountingLoader()
    assert load_content_cached(folder, blocker / "state", loader=loader) == load_content(folder)
    assert load_content_cached(folder, None, loader=loader) == load_content(folder)
    assert loader.calls == 2


def test_the_kiosk_starts_from_the_cache_and_still_reports_a_page_broken_since(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.content import loader
    from kiosk.services.content import ContentService

    first = ContentService(folder, cache_dir=tmp_path / "state")
    first.load_startup()

    def no_load(*args: object, **kwargs: object) -> ContentBundle:
        raise AssertionError("the unchanged folder was read again")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "load_content", no_load)
        again = ContentService(folder, cache_dir=tmp_path / "state")
        assert again.load_startup() == first.bundle
        assert not again.status.fell_back

    page = folder / "es" / "03-causes-and-outlook.md"
    page.write_text("no front matter at all\n", encoding="utf-8")
    broken = ContentService(folder, cache_dir=tmp_path / "state")
    broken.load_startup()
    assert "es" in broken.status.held_back  # Spanish is held back, as without a cache
    assert "es/03-causes-and-outlook.md" in [p.file for p in broken.status.problems if p.severity.value == "error"]


def test_the_kiosk_keeps_its_cache_in_its_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.app import startup_content
    from kiosk.config import Config

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    content = startup_content(Config(fullscreen=False))
    assert content.bundle.usable
    assert list((tmp_path / "crps-kiosk" / "cache").glob("content-cache-*.json")), "the cache was written"


def test_a_named_pipe_in_the_folder_never_blocks_the_cache(folder: Path, tmp_path: Path) -> None:
    os.mkfifo(folder / "en" / "notes.yaml")
    loader = CountingLoader()
    bundle = load_content_cached(folder, tmp_path / "state", loader=loader)
    assert loader.calls == 1 and bundle.languages  # the loader itself deals with it


def _count_svg_vetting(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    import kiosk.content.svg

    vetted: list[bytes] = []
    original = kiosk.content.svg.vet_svg

    def counting(data: bytes):  # type: ignore[no-untyped-def]
        vetted.append(data)
        return original(data)

    monkeypatch.setattr(kiosk.content.svg, "vet_svg", counting)
    return vetted


def test_a_start_from_the_cache_does_not_vet_the_same_pictures_again(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pictures vetted when the folder was loaded are drawn, at the next start, without
    being vetted again (the cache says what vetting found for exactly those bytes); a
    picture replaced since is vetted again, and refused if it is unsafe."""
    from kiosk.content.pictures import PictureRefused, forget_vetted, read_picture

    forget_vetted()
    load_content_cached(folder, tmp_path / "state")  # a full load vets every picture
    forget_vetted()  # as a new process would
    vetted = _count_svg_vetting(monkeypatch)
    bundle = load_content_cached(folder, tmp_path / "state")  # from the cache
    illustration = bundle.language("en").sections[0].illustration
    assert illustration is not None
    data, info = read_picture(illustration, thorough=False)
    assert vetted == [] and info.kind == "SVG" and info.width > 0 and info.height > 0
    assert data == illustration.read_bytes()
    read_picture(paths.illustrations_dir() / "welcome.svg", thorough=False)  # the home's own, on no page
    assert vetted == []

    local = folder / "en" / "pictures" / "swapped.svg"
    local.parent.mkdir(exist_ok=True)
    local.write_bytes(illustration.read_bytes())
    assert read_picture(local, thorough=False)[1] == info and vetted == []  # the same bytes
    local.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                     '<image href="file:///etc/passwd"/></svg>', encoding="utf-8")
    with pytest.raises(PictureRefused):
        read_picture(local, thorough=False)
    assert len(vetted) == 1
    forget_vetted()


def test_the_cache_vouches_only_for_the_files_it_was_checked_against(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache file that claims some other bytes were vetted (or says it badly) makes no
    picture skip its vetting."""
    from kiosk.content.pictures import PictureRefused, bytes_digest, forget_vetted, read_picture

    forget_vetted()
    load_content_cached(folder, tmp_path / "state")
    file = cache_file(tmp_path / "state", folder)
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["vetted"], "the full load's pictures are in the cache"
    unsafe = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
              b'<image href="file:///etc/passwd"/></svg>')
    data["vetted"] = [["SVG", bytes_digest(unsafe), 10, 10], ["SVG", "x"], "junk",
                      ["SVG", data["vetted"][0][1], float("nan"), 1]]
    file.write_text(json.dumps(data), encoding="utf-8")
    forget_vetted()
    vetted = _count_svg_vetting(monkeypatch)
    load_content_cached(folder, tmp_path / "state")
    picture = folder / "en" / "pictures" / "unsafe.svg"
    picture.parent.mkdir(exist_ok=True)
    picture.write_bytes(unsafe)
    with pytest.raises(PictureRefused):
        read_picture(picture, thorough=False)
    assert len(vetted) == 1
    forget_vetted()
