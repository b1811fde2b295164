"""Options: one frozen, checked object behind the Extractor, the command line, workers, Dask and --resume."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from quotes.cli import _extractor_options, build_parser
from quotes.errors import InputError
from quotes.extract import Extractor
from quotes.options import Options, flagged


def test_options_normalize_what_the_extractor_keywords_accept():
    opts = Options(kinds="direct, mixed", cues="all", model_dir=Path("/tmp/models"), batch_chars=0)
    assert opts.kinds == frozenset({"direct", "mixed"})
    assert opts.cues == frozenset({"speech", "writing", "thought", "evidence", "stance"})
    assert opts.model_dir == "/tmp/models" and opts.batch_chars == 1
    assert Options(kinds=None, cues=None) == Options() and Options(cues=["writing", "speech"]) == Options()
    with pytest.raises(FrozenInstanceError):
        opts.cues = frozenset()  # type: ignore[misc]


@pytest.mark.parametrize("keywords, message", [
    ({"workers": 0}, "workers must be 1 or more, got 0"),
    ({"window_chars": 0}, "window_chars must be 1 or more, got 0"),
    ({"threads": 0}, "threads must be 1 or more, got 0"),
    ({"gender": "guess"}, "unknown gender source 'guess'; choose from names, text, off"),
    ({"kinds": "direct,quoted"}, "unknown kind(s) ['quoted']"),
    ({"cues": "speech,rumour"}, "unknown cue class(es) ['rumour']"),
    ({"device": "tpu"}, "unknown device 'tpu'; use auto, cpu or cuda"),
    ({"tokenizer": "nltk"}, "unknown tokenizer 'nltk'; use rules, stanza or spacy"),
])
def test_options_are_checked_once_when_made(keywords, message):
    with pytest.raises(InputError) as caught:
        Options(**keywords)
    assert message in str(caught.value)
    with pytest.raises(InputError):  # replace() checks too
        replace(Options(), **keywords)


def test_options_key_is_stable_and_pickles():
    opts = Options(cues="all", threads=1, model_dir="/m")
    assert pickle.loads(pickle.dumps(opts)) == opts and pickle.loads(pickle.dumps(opts)).key == opts.key
    assert Options(cues=["stance", "all"][1:], threads=1, model_dir=Path("/m")).key == opts.key
    assert Options().key != opts.key and len(opts.key) == 64
    code = "from quotes.options import Options; print(Options(cues='all', threads=1, model_dir='/m').key)"
    for seed in ("1", "2"):  # the same in another process, whatever its hash seed
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                               env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=Path(__file__).resolve().parents[1])
        assert other.stdout.strip() == opts.key


def test_command_line_defaults_are_the_options_defaults():
    args = build_parser().parse_args(["extract", "x.txt", "--workers", "1"])
    assert _extractor_options(args) == Options()
    args = build_parser().parse_args(["evaluate", "gold.jsonl", "--kinds", "direct", "--workers", "1"])
    assert _extractor_options(args) == Options()  # evaluate's --kinds chooses what is scored, not extracted
    args = build_parser().parse_args(["extract", "x.txt", "--cues", "all", "--parse-all", "--no-surface",
                                      "--window-chars", "5000", "--threads", "2", "--workers", "3", "--kinds", "direct"])
    assert _extractor_options(args) == Options(cues="all", select=False, surface=False, window_chars=5000,
                                               threads=2, workers=3, kinds="direct")


def test_every_option_has_a_flag_and_help_with_its_default(capsys):
    names = {f.name for f, _ in flagged()}
    assert names == set(Options.__dataclass_fields__)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["extract", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for _, flag in flagged():
        assert flag.name in help_text
    assert "default: speech,writing" in help_text and "(default: direct,mixed,indirect)" in help_text


def test_record_flags_keep_the_progress_file_format():
    stored = Options(kinds="direct", surface=False).record_flags()
    assert stored["--kinds"] == ["direct"] and stored["--no-surface"] is True
    assert stored["--cues"] == ["speech", "writing"] and stored["--window-chars"] == 100_000
    assert {"--tokenizer", "--gender"} <= set(stored) and "--workers" not in stored and "--parse-all" not in stored


def test_extractor_takes_options_or_keywords(models_dir, seed_text):
    opts = Options(model_dir=models_dir, device="cpu", kinds="mixed")
    by_options = Extractor(options=opts)
    by_keywords = Extractor(model_dir=models_dir, device="cpu", kinds="mixed")
    assert by_options.options == by_keywords.options == opts
    assert by_options.extract(seed_text) == by_keywords.extract(seed_text)
    assert Extractor(options=opts, kinds=None).options.kinds == frozenset({"direct", "mixed", "indirect"})
    with pytest.raises(TypeError):
        Extractor(model_dir=models_dir, windows=3)
