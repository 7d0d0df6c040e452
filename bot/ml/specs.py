"""What each shipped model is: its labels, the data it learns from, its features and settings.

Three models, split by licence rather than by convenience: a community that may only use
permissively licensed data can ship `spam` alone, while `toxicity` (HurtLex is CC BY-NC-SA,
CyberAgressionAdo states no licence) and `complaint` (the airline tweets are CC BY-NC-SA) are
non-commercial. They share one feature design, so the fast scorer runs all of them in one pass.
This module imports nothing heavy: the run-time loader reads the model names from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Hyper-parameters of the feature space (recorded in each artifact's manifest)."""

    word_ngrams: tuple[int, int] = (1, 2)
    negation_window: int = 2  # word tokens after "not"/"pas" become other features (0: off)
    char_ngrams: tuple[int, int] = (3, 5)
    word_min_df: int = 2
    char_min_df: int = 3
    word_max_features: int | None = 60_000
    char_max_features: int | None = 150_000
    word_weight: float = 1.0
    char_weight: float = 1.0
    lexicon_weight: float = 0.5


LABELS: dict[str, str] = {
    "toxic": "offensive or abusive language, whatever the target (insults, profanity, denigration)",
    "hate": "an attack on a group or an identity (origin, religion, sexual orientation, "
    "disability, gender...)",
    "threat": "a threat of violence or harm (learnt from French data only)",
    "negative": "a complaint or strong negativity toward the brand or its service",
    "spam": "unsolicited promotion, scams and phishing (crypto, prizes, paid links)",
}


@dataclass(frozen=True, slots=True)
class Borrowed:
    """Examples of another source used as negatives of `label` (a fraction, chosen by hash)."""

    source: str
    label: str
    fraction: float


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """How to train one model."""

    name: str
    labels: tuple[str, ...]
    sources: tuple[str, ...]
    lexicons: tuple[str, ...] = ()
    borrowed: tuple[Borrowed, ...] = ()
    templates: bool = False  # counter-speech and insult templates (see augment.py)
    identity_templates: bool = False  # group words in hate and in kind talk (identity_templates)
    features: FeatureConfig = field(default_factory=FeatureConfig)
    C: float = 1.0
    # Regularisation per label (label, C), overriding `C`: the small labels (threat, hate) have
    # few positives and overfit their wording with the strength the large toxic label needs.
    label_C: tuple[tuple[str, float], ...] = ()
    naive_bayes: bool = True  # scale features by their log-count ratio (NB-LR)
    nb_alpha: float = 5.0  # smoothing of the log-count ratios: rare words stay modest
    balance_power: float = 0.5  # a source of n rows weighs n ** (1 - power) (train.row_weights)


SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="toxicity",
        labels=("toxic", "hate", "threat"),
        sources=("olid", "mlma", "caa", "toxifrench"),
        lexicons=("hurtlex", "hate"),
        templates=True,
        identity_templates=True,
        label_C=(("toxic", 1.5), ("hate", 0.5), ("threat", 1.0)),
    ),
    ModelSpec(
        name="complaint",
        labels=("negative",),
        sources=("airline",),
        lexicons=("complaint",),
        borrowed=(Borrowed("sms", "negative", 0.3),),
    ),
    ModelSpec(
        name="spam",
        labels=("spam",),
        sources=("sms", "tg"),
        lexicons=("spam",),
        borrowed=(Borrowed("olid", "spam", 0.15), Borrowed("mlma", "spam", 0.5)),
    ),
)


def spec_named(name: str) -> ModelSpec:
    """The spec of a model by name."""
    for spec in SPECS:
        if spec.name == name:
            return spec
    raise KeyError(f"no model named {name!r} (known: {', '.join(s.name for s in SPECS)})")


def spec_from_record(record: dict) -> ModelSpec:
    """A spec back from its record in a manifest (lists become tuples again)."""
    fields = dict(record)
    features = dict(fields.pop("features"))
    for key in ("word_ngrams", "char_ngrams"):
        features[key] = tuple(features[key])
    label_c = tuple((str(label), float(c)) for label, c in fields.pop("label_C", ()))
    return ModelSpec(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items() if k != "borrowed"},
        label_C=label_c,
        borrowed=tuple(Borrowed(**b) for b in fields.get("borrowed", ())),
        features=FeatureConfig(**features),
    )
