"""The commented default config file and the settings read from it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from netshpy.repl import config as configuration
from netshpy.repl.config import DEFAULT_CONFIG, Config, config_path, load


def test_first_use_writes_the_commented_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert config_path() == tmp_path / "cfg" / "netshpy" / "config.toml"
    cfg = load()
    assert config_path().read_text() == DEFAULT_CONFIG
    assert cfg.settings() == Config().settings()
    assert cfg.problems == []
    # every setting is in the file, with a comment
    raw = tomllib.loads(DEFAULT_CONFIG)
    assert set(raw) == set(Config().settings())
    assert DEFAULT_CONFIG.count("\n# ") >= len(raw)


def test_existing_file_is_kept_and_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('editing_mode = "vi"\ncompletion = "auto"\nhistory = false\n')
    cfg = load(path)
    assert (cfg.editing_mode, cfg.completion, cfg.history) == ("vi", "auto", False)
    assert path.read_text().startswith("editing_mode")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('editing_mode = "nano"\n', "editing_mode must be"),
        ("history = 3\n", "history must be bool"),
        ("colour = true\n", "unknown setting 'colour'"),
        ("this is not toml\n", "using the defaults"),
    ],
)
def test_bad_settings_fall_back_to_defaults(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    cfg = load(path)
    assert cfg.settings() == Config().settings()
    assert any(problem in p for p in cfg.problems), cfg.problems


def test_no_color_wins(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert load(tmp_path / "c.toml").color is False
    monkeypatch.setenv("NO_COLOR", "")
    assert load(tmp_path / "c.toml").color is True


def test_windows_location(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert configuration.config_dir("nt") == tmp_path / "Roaming" / "netshpy"


def test_unwritable_folder_still_gives_defaults(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cfg = load(blocker / "netshpy" / "config.toml")
    assert cfg.settings() == Config().settings()


def test_style_without_colour_is_empty() -> None:
    from prompt_toolkit.styles import DummyStyle

    from netshpy.repl.style import make_style

    assert isinstance(make_style(Config(color=False)), DummyStyle)
    assert make_style(Config(syntax_style="no-such-style")) is not None
