"""Loaders read the documented formats; splits are stable and keep scenarios together."""

from __future__ import annotations

import pytest

from bot.ml.datasets import (
    CAA_TEST_SCENARIOS,
    TEST,
    DataError,
    caa_scenario,
    hashed_split,
    load_caa,
    load_sms,
    load_tg,
)


def test_hashed_split_is_stable_and_proportional():
    splits = [hashed_split(f"k{i}", 0.1, 0.2) for i in range(5000)]
    assert splits == [hashed_split(f"k{i}", 0.1, 0.2) for i in range(5000)]
    assert 0.17 < splits.count(TEST) / 5000 < 0.23


@pytest.mark.parametrize(
    ("name", "scenario"),
    [
        ("scenario_obesity_brice_third.csv", "obesity_brice"),
        ("scenario_homophobia_julie_bis.csv", "homophobia_julie"),
        ("scenario_religion_fatimah.csv", "religion_fatimah"),
    ],
)
def test_caa_scenario(name, scenario):
    assert caa_scenario(name) == scenario


def test_caa_labels_and_whole_scenarios_held_out(tmp_path):
    folder = tmp_path / "cyberagressionado_v1_fr" / "scenarii"
    folder.mkdir(parents=True)
    header = "ID,TIME,NAME,TEXT,ROLE,TARGET,HATE_SPEECH,VERBAL_ABUSE,HUMOR\n"
    rows = (
        "0,[1:00 PM], <A>, je vais te frapper,bully,victim,no,threat,no\n"
        "1,[1:01 PM], <B>, salut,victim,none,no,none,no\n"
    )
    (folder / f"scenario_{CAA_TEST_SCENARIOS[0]}_bis.csv").write_text(header + rows)
    (folder / "scenario_other_x.csv").write_text(header + rows)
    examples = list(load_caa(tmp_path))
    assert examples[0].labels == {"toxic": 1, "hate": 0, "threat": 1}
    assert examples[1].labels == {"toxic": 0, "hate": 0, "threat": 0}
    assert [e.split for e in examples[:2]] == [TEST, TEST]
    assert {e.split for e in examples[2:]} != {TEST}


def test_sms_format_errors_name_the_line(tmp_path):
    folder = tmp_path / "sms_spam_collection"
    folder.mkdir()
    (folder / "SMSSpamCollection").write_text("ham\thello\nspam\twin now\nbroken line\n")
    with pytest.raises(DataError, match="SMSSpamCollection:3"):
        list(load_sms(tmp_path))


def test_missing_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="missing"):
        list(load_tg(tmp_path))
