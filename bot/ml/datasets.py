"""Loaders for the labelled sets in the shared data folder, with their licences and splits.

Each loader reads one folder (see its README.md) and yields `Example`s with the labels that source
defines (a source says nothing about the labels it does not carry: OLID has no `spam`, the SMS
collection no `hate`). Splits are fixed functions of the data, never of the training seed, so a
held-out example stays held out whatever the seed, and a retrained model is compared on the same
ground. The narrow French sets are split by conversation scenario or by text, so that held-out
metrics measure generalisation rather than memory of a scenario or of a duplicated tweet.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.text.normalize import fold

DEFAULT_DATA_DIR = "../shared/data"
SPLIT_SALT = "vigie-split-v1"  # changing it moves every held-out example: never do it casually

TRAIN, VAL, TEST = "train", "val", "test"


class DataError(ValueError):
    """A data folder or file that is missing or does not have the documented format."""


@dataclass(frozen=True, slots=True)
class Source:
    """A labelled data set (or lexicon) and the terms under which a model may use it."""

    name: str
    folder: str
    title: str
    licence: str
    commercial: bool | None  # None: no licence stated, ask the authors
    citation: str


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "olid",
            "olid_offenseval2019_en",
            "OLID v1.0 (OffensEval 2019), English tweets",
            "CC BY 4.0 (source repository)",
            True,
            "Zampieri et al., NAACL 2019",
        ),
        Source(
            "mlma",
            "mlma_hate_speech_fr",
            "MLMA hate speech, French tweets",
            "MIT",
            True,
            "Ousidhoum et al., EMNLP 2019",
        ),
        Source(
            "caa",
            "cyberagressionado_v1_fr",
            "CyberAgressionAdo-v1, French teen chat role-play",
            "none stated (ask the authors before redistributing)",
            None,
            "Ollagnier, Cabrio, Villata et al., LREC 2022",
        ),
        Source(
            "airline",
            "twitter_airline_sentiment",
            "Twitter US Airline Sentiment (Feb 2015)",
            "CC BY-NC-SA 4.0 (as listed on Kaggle, unverified)",
            False,
            "Crowdflower / Kaggle",
        ),
        Source(
            "sms",
            "sms_spam_collection",
            "UCI SMS Spam Collection v.1",
            "free for use with citation, no warranty (UCI readme)",
            True,
            "Almeida & Gomez Hidalgo, DocEng 2011",
        ),
        Source(
            "tg",
            "tg_spam_samples",
            "tg-spam Telegram seed samples (mostly Russian)",
            "MIT",
            True,
            "umputun/tg-spam",
        ),
        Source(
            "toxifrench",
            "toxifrench",
            "ToxiFrench: French translations of Jigsaw comments and native French forum "
            "comments (snapshot b93ad5b)",
            "MIT (repository); Jigsaw data CC0, Wikipedia comment text CC BY-SA 3.0",
            True,
            "Delaval et al., arXiv 2508.11281 (2025); Jigsaw/Conversation AI (Kaggle 2018)",
        ),
        Source(
            "hurtlex",
            "hurtlex",
            "HurtLex 1.2 lexicon (French and English)",
            "CC BY-NC-SA 4.0",
            False,
            "Bassignana, Basile, Patti, CLiC-it 2018",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text: raw as in the source (models fold it), with its origin and split."""

    text: str
    labels: Mapping[str, int]
    lang: str
    source: str
    split: str
    weight: float = 1.0
    meta: Mapping[str, str] = field(default_factory=dict)


def data_dir(explicit: str | None = None) -> Path:
    """The data folder: `explicit`, else `VIGIE_DATA_DIR`, else `../shared/data`."""
    return Path(explicit or os.environ.get("VIGIE_DATA_DIR") or DEFAULT_DATA_DIR)


def hashed_split(key: str, val: float, test: float) -> str:
    """A split drawn from a stable hash of `key`: the same key always lands in the same split."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{key}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    return TEST if u < test else VAL if u < test + val else TRAIN


def _text_key(text: str) -> str:
    # Duplicated and near-duplicated texts (retweets, copies) share a key, hence a split.
    return " ".join(re.findall(r"\w+", fold(text)))


def _require(path: Path) -> Path:
    if not path.exists():
        raise DataError(f"{path}: missing (see the folder's README.md)")
    return path


def _read_csv(path: Path, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> list[dict]:
    with _require(path).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter, quoting=quoting))


_MENTION = re.compile(r"@\w+")


def load_olid(root: Path) -> Iterator[Example]:
    """OLID: `toxic` = level A OFF; `hate` = offensive and targeted at a group (level C GRP).

    The official test set is the test split; 10% of the training tweets form the validation split.
    """
    folder = root / SOURCES["olid"].folder
    for row in _read_csv(folder / "olid-training-v1.0.tsv", "\t", csv.QUOTE_NONE):
        off = row["subtask_a"].strip() == "OFF"
        labels = {"toxic": int(off), "hate": int(off and row["subtask_c"].strip() == "GRP")}
        split = VAL if hashed_split("olid:" + row["id"], 0.1, 0.0) == VAL else TRAIN
        yield Example(row["tweet"], labels, "en", "olid", split)
    level_a = {r["id"]: r["label"].strip() for r in _read_csv(folder / "labels-levela.csv")}
    level_c = {r["id"]: r["label"].strip() for r in _read_csv(folder / "labels-levelc.csv")}
    for row in _read_csv(folder / "testset-levela.tsv", "\t", csv.QUOTE_NONE):
        if row["id"] not in level_a:
            raise DataError(f"{folder}/labels-levela.csv: no label for test tweet {row['id']}")
        off = level_a[row["id"]] == "OFF"
        labels = {"toxic": int(off), "hate": int(level_c.get(row["id"]) == "GRP")}
        yield Example(row["tweet"], labels, "en", "olid", TEST)


# MLMA `group` values that name an identity (the rest: individual, other, left_wing_people).
_PROTECTED_GROUPS = frozenset(
    [
        "african_descent",
        "arabs",
        "asians",
        "christian",
        "gay",
        "hispanics",
        "immigrants",
        "indian/hindu",
        "jews",
        "muslims",
        "refugees",
        "special_needs",
        "women",
    ]
)


def load_mlma(root: Path) -> Iterator[Example]:
    """MLMA French: `toxic` = any sentiment but `normal` (the authors' binary scheme);
    `hate` = toxic and aimed at an identity group. Split 70/10/20 by text (duplicates together)."""
    path = root / SOURCES["mlma"].folder / "fr_dataset.csv"
    for row in _read_csv(path):
        toxic = row["sentiment"].strip() != "normal"
        hate = toxic and row["group"].strip() in _PROTECTED_GROUPS
        split = hashed_split("mlma:" + _text_key(row["tweet"]), 0.1, 0.2)
        yield Example(row["tweet"], {"toxic": int(toxic), "hate": int(hate)}, "fr", "mlma", split)


# Whole scenarios are held out: the "_bis"/"_third" files replay the same scenario with other
# students, so they must stay on the same side of the split.
# The choice puts about a quarter of each label (toxic, hate, threat) in the test split.
CAA_TEST_SCENARIOS = ("ethnicity_fatima", "homophobia_julie", "obesity_francois")
CAA_VAL_SCENARIOS = ("obesity_zoe", "obesity_francoise")


def caa_scenario(filename: str) -> str:
    """The scenario a CyberAgressionAdo file replays ("scenario_x_y_bis.csv" -> "x_y")."""
    stem = Path(filename).stem.removeprefix("scenario_")
    return re.sub(r"_(bis|third)$", "", stem)


def load_caa(root: Path) -> Iterator[Example]:
    """CyberAgressionAdo: `toxic` = any verbal abuse or hate speech; `hate` = HATE_SPEECH yes;
    `threat` = VERBAL_ABUSE threat. Split by scenario (see CAA_TEST_SCENARIOS)."""
    folder = _require(root / SOURCES["caa"].folder / "scenarii")
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise DataError(f"{folder}: no scenario CSV file")
    for path in files:
        scenario = caa_scenario(path.name)
        split = (
            TEST
            if scenario in CAA_TEST_SCENARIOS
            else (VAL if scenario in CAA_VAL_SCENARIOS else TRAIN)
        )
        for row in _read_csv(path):
            text = (row.get("TEXT") or "").strip()
            if not text:
                continue
            abuse = (row.get("VERBAL_ABUSE") or "none").strip()
            hate = (row.get("HATE_SPEECH") or "no").strip() == "yes"
            labels = {
                "toxic": int(abuse != "none" or hate),
                "hate": int(hate),
                "threat": int(abuse == "threat"),
            }
            yield Example(text, labels, "fr", "caa", split, meta={"scenario": scenario})


# Airlines held out for the test split: a brand the model never saw, as in a new community.
AIRLINE_TEST = ("Delta", "Virgin America")


def load_airline(root: Path) -> Iterator[Example]:
    """Airline tweets: `negative` = negative sentiment (its reason kept in `meta`). Test split =
    the airlines in AIRLINE_TEST; brand handles are replaced by @user so no brand is learnt."""
    path = root / SOURCES["airline"].folder / "Tweets.csv"
    for row in _read_csv(path):
        text = _MENTION.sub("@user", row["text"])
        negative = row["airline_sentiment"].strip() == "negative"
        if row["airline"].strip() in AIRLINE_TEST:
            split = TEST
        else:
            split = hashed_split("airline:" + _text_key(text), 0.12, 0.0)
        meta = {"reason": row.get("negativereason") or "", "airline": row["airline"]}
        yield Example(text, {"negative": int(negative)}, "en", "airline", split, meta=meta)


def load_sms(root: Path) -> Iterator[Example]:
    """SMS Spam Collection: `spam` = spam; split 70/10/20 by text (403 duplicated texts)."""
    path = _require(root / SOURCES["sms"].folder / "SMSSpamCollection")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            label, sep, text = line.rstrip("\r\n").partition("\t")
            if not sep or label not in ("ham", "spam"):
                raise DataError(f"{path}:{number}: expected 'ham|spam<TAB>text'")
            split = hashed_split("sms:" + _text_key(text), 0.1, 0.2)
            yield Example(text, {"spam": int(label == "spam")}, "en", "sms", split)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def load_tg(root: Path) -> Iterator[Example]:
    """tg-spam seed samples: the file name is the label; split 60/10/30 by text."""
    folder = root / SOURCES["tg"].folder
    for name, spam in (("spam-samples.txt", 1), ("ham-samples.txt", 0)):
        with _require(folder / name).open(encoding="utf-8") as handle:
            for line in handle:
                text = line.strip()
                if text:
                    lang = "ru" if _CYRILLIC.search(text) else "en"
                    split = hashed_split("tg:" + _text_key(text), 0.1, 0.3)
                    yield Example(text, {"spam": spam}, lang, "tg", split)


def load_toxifrench(root: Path) -> Iterator[Example]:
    """ToxiFrench: French Jigsaw translations (`toxic`, `hate` = identity_hate, `threat`) and
    native forum comments (`toxic`). Split by a hash of `msg_id` (10% val, 20% test); a bilingual
    row already in the Jigsaw subset is read once. The moderators' decisions file is not used
    for training (its labels disagree with the annotator's on purpose: kept for evaluation)."""
    folder = _require(root / SOURCES["toxifrench"].folder)
    seen: set[str] = set()
    for row in _read_csv(folder / "jigsaw_fr_subset.csv"):
        seen.add(row["msg_id"])
        labels = {
            "toxic": int(row["toxic"]),
            "hate": int(row["identity_hate"]),
            "threat": int(row["threat"]),
        }
        yield _toxifrench(row, labels)
    for row in _read_csv(folder / "jigsaw_bilingual_balanced.csv"):
        if row["msg_id"] not in seen:
            seen.add(row["msg_id"])
            yield _toxifrench(row, {"toxic": int(row["label"])})
    for row in _read_csv(folder / "toxifrench_balanced.csv"):
        yield _toxifrench(row, {"toxic": int(row["label"])})


def _toxifrench(row: dict, labels: dict[str, int]) -> Example:
    split = hashed_split("toxifrench:" + row["msg_id"], 0.1, 0.2)
    return Example(row["content"], labels, "fr", "toxifrench", split)


LOADERS: dict[str, Callable[[Path], Iterator[Example]]] = {
    "toxifrench": load_toxifrench,
    "olid": load_olid,
    "mlma": load_mlma,
    "caa": load_caa,
    "airline": load_airline,
    "sms": load_sms,
    "tg": load_tg,
}


def load_sources(root: Path, names: tuple[str, ...]) -> list[Example]:
    """All examples of the named sources, in a stable order."""
    examples: list[Example] = []
    for name in names:
        examples.extend(LOADERS[name](root))
    return examples


def file_digests(root: Path, names: tuple[str, ...]) -> dict[str, str]:
    """sha256 of every file of the named sources, to record exactly which data a model saw."""
    digests: dict[str, str] = {}
    for name in names:
        folder = root / SOURCES[name].folder
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digests[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests
