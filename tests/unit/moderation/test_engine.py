"""The engine applied to messages: rules, ladder, overrides, modes, notices, profiles, degraded."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.decision import Mode
from bot.i18n.catalog import messages
from bot.moderation.engine import ModerationEngine
from bot.moderation.trace import describe_outcome
from tests.unit.moderation.conftest import FixedScorer


def kinds(decision) -> list[str]:
    return [action.kind for action in decision.actions]


def test_clean_message_has_no_action_but_a_full_trace(make_charter, message) -> None:
    decision = ModerationEngine(make_charter()).process(message("Bonjour, ma box ne marche plus."))
    assert decision.actions == () and decision.matched == ()
    assert [o.rule for o in decision.outcomes] == ["insults", "threats", "shouting"]
    # Each rule can say why it did not fire, worded from its evidence on demand.
    assert all(describe_outcome(o, "fr") for o in decision.outcomes)
    assert all(o.reason == "" for o in decision.outcomes)


@pytest.mark.parametrize(
    ("offence", "expected", "strikes"),
    [
        (1, ["delete", "warn"], 1),
        (2, ["delete", "timeout"], 2),
        (3, ["delete", "timeout"], 3),
        (4, ["delete", "timeout"], 4),
        (5, ["delete", "ban"], 5),
    ],
    ids=["1st-warn", "2nd-timeout-1h", "3rd-timeout-24h", "4th-stays-24h", "5th-ban"],
)
def test_ladder_climbs_with_strikes(make_charter, message, offence, expected, strikes) -> None:
    engine = ModerationEngine(make_charter())
    decisions = [engine.process(message("espèce de c0nn4rd", minutes=i)) for i in range(offence)]
    last = decisions[-1]
    assert kinds(last)[: len(expected)] == expected
    assert last.strikes == strikes
    durations = {2: timedelta(hours=1), 3: timedelta(hours=24), 4: timedelta(hours=24)}
    if offence in durations:
        timeout = next(a for a in last.actions if a.kind == "timeout")
        assert timeout.duration == durations[offence]


def test_strikes_expire_after_their_ttl(make_charter, message) -> None:
    engine = ModerationEngine(make_charter())
    engine.process(message("connard", minutes=0))
    engine.process(message("connard", minutes=1))
    later = engine.process(message("connard", minutes=60 * 24 * 31))
    assert later.strikes == 1 and "warn" in kinds(later)


def test_severity_override_bans_at_once_and_keeps_evidence(make_charter, message) -> None:
    decision = ModerationEngine(make_charter()).process(message("Je vais te tuer"))
    assert kinds(decision) == ["delete", "ban", "escalate", "notify_author"]
    escalate = next(a for a in decision.actions if a.kind == "escalate")
    assert escalate.params["keep_evidence"] is True
    assert escalate.params["deadline"] == "2026-03-12T09:30:00Z"


def test_severity_one_adds_no_strike(make_charter, message) -> None:
    decision = ModerationEngine(make_charter()).process(message("aaargh"))
    assert decision.strike_weight == 0 and kinds(decision) == ["warn"]
    assert decision.actions[0].params["where"] == "reply"


@pytest.mark.parametrize(
    ("mode", "expected_mode", "expected_kinds"),
    [
        ("a_posteriori", Mode.ENFORCE, ["delete", "warn"]),
        ("shadow", Mode.SHADOW, ["delete", "warn"]),
        ("a_priori", Mode.HOLD, ["hold", "escalate", "notify_author"]),
    ],
    ids=["enforce", "shadow", "a-priori-hold"],
)
def test_moderation_modes(make_charter, message, mode, expected_mode, expected_kinds) -> None:
    engine = ModerationEngine(make_charter(mode))
    decision = engine.process(message("connard"))
    assert decision.mode is expected_mode and kinds(decision) == expected_kinds
    assert decision.enforced is (mode != "shadow")
    if mode == "a_priori":
        proposed = decision.actions[1].params["proposed"]
        assert [p["type"] for p in proposed] == ["delete", "warn"]
    if mode == "shadow":  # recorded, not enforced: the next offence is still a first one
        assert engine.process(message("connard", minutes=1)).strikes == 1


def test_exempt_role_is_not_sanctioned_and_says_why(make_charter, message) -> None:
    decision = ModerationEngine(make_charter()).process(message("connard", roles=("mod",)))
    insults = decision.outcomes[0]
    said = messages().text(decision.language, "moderation.exempt_role", roles="mod")
    assert not insults.matched and insults.exempt == said == "rôle exempté : mod"


@pytest.mark.parametrize(
    ("text", "lang", "fragments"),
    [
        (
            "t'es qu'un connard et je le pense",
            "fr",
            [
                "Pas d'insultes",
                "automatiquement",
                "Répondez /recours.",
                "Avertissement actif : 1 (il expire après 30\u00a0jours).",
                "charte de Test :",
            ],
        ),
        (
            "you are such an idiot and you know it",
            "en",
            [
                "No insults",
                "automatically",
                "Reply /appeal.",
                "Active strike: 1 (it expires after 30 days).",
            ],
        ),
    ],
    ids=["french", "english"],
)
def test_notice_is_a_statement_of_reasons_in_the_authors_language(
    make_charter, message, text, lang, fragments
) -> None:
    decision = ModerationEngine(make_charter()).process(message(text))
    assert decision.language == lang
    warn = next(a for a in decision.actions if a.kind == "warn")
    assert warn.notice == decision.notice
    for fragment in fragments:
        assert fragment in decision.notice


def test_without_models_classifier_rules_are_off_and_it_is_said(make_charter, message) -> None:
    decision = ModerationEngine(make_charter(), scorer=None).process(message("hello there"))
    assert decision.degraded == ("classifiers",)
    classifier = decision.outcomes[0].detections[1]
    assert not classifier.matched and "degraded" in classifier.detail


@pytest.mark.parametrize(
    ("profile", "score", "matched"),
    [(None, 0.85, False), ("crisis", 0.85, True), (None, 0.95, True)],
    ids=["normal-below", "crisis-lowers-threshold", "normal-above"],
)
def test_crisis_profile_lowers_thresholds(make_charter, message, profile, score, matched) -> None:
    engine = ModerationEngine(make_charter(), scorer=FixedScorer({"tu es nul": score}))
    engine.use_profile(profile)
    decision = engine.process(message("tu es nul"))
    assert ("insults" in decision.matched) is matched
    assert decision.scores == {"toxic": score}
    if matched:
        assert decision.explanations["toxic"][0] == ("tu", 1.0)


def test_edit_that_adds_an_insult_is_decided_again_with_a_new_key(make_charter, message) -> None:
    engine = ModerationEngine(make_charter())
    first = engine.process(message("Bonne journée", message_id="m9"))
    edit = engine.process(message("Bonne journée connard", minutes=2, message_id="m9", edited=True))
    assert first.actions == () and "delete" in kinds(edit)
    assert edit.actions[0].key.startswith("memory:c1:m9@")


def test_unknown_profile_is_refused(make_charter) -> None:
    with pytest.raises(KeyError, match="no profile"):
        ModerationEngine(make_charter()).use_profile("nope")


@pytest.mark.parametrize(
    ("channel", "extra", "exempt"),
    [
        ("staff", {}, True),
        ("1234567890", {"channel_name": "staff"}, True),
        ("1234567890", {}, False),
    ],
    ids=["by-name", "by-platform-name-of-an-id", "other-channel"],
)
def test_channel_exemption_by_name_or_id(make_charter, message, channel, extra, exempt) -> None:
    charter = make_charter()
    charter.rules[0].exempt.channels.append("staff")
    base = message("connard")
    decision = ModerationEngine(charter).process(replace(base, channel=channel, extra=extra))
    said = messages().text(decision.language, "moderation.exempt_channel", channel="staff")
    assert (decision.outcomes[0].exempt == said) is exempt


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Opalia", "fr", "d’Opalia"),
        ("Écume", "fr", "d’Écume"),
        ("Hélios", "fr", "d’Hélios"),
        ("Vigie", "fr", "de Vigie"),
        ("Opalia", "en", "of Opalia"),
    ],
    ids=["vowel", "accented-vowel", "mute-h", "consonant", "english"],
)
def test_the_community_is_named_with_french_elision(name: str, lang: str, expected: str) -> None:
    from bot.i18n.grammar import of_name

    assert of_name(name, lang) == expected


def test_a_warning_without_strikes_does_not_count_zero_strikes(make_charter) -> None:
    from bot.core.decision import ActionRequest
    from bot.moderation.notice import NoticeFacts, render_notice

    charter = make_charter()
    rule = charter.rules[0]
    warn = ActionRequest("warn", "k", "c", "discord")
    notice = render_notice(charter, NoticeFacts("Ana", rule, None, 0, False), [warn], "fr")
    assert "vous recevez un avertissement" in notice and "actif" not in notice
