"""The targeted-hate detector: a named group with derogation, dehumanisation, hatred or a call to
exclude; not a group word alone, not negation, not counter-speech."""

from __future__ import annotations

import pytest

from bot.detectors import hate_target

from .support import message, run

CASES = [
    ("les arabes sont tous des voleurs", "derogation"),
    ("Les musulmans sont des terroristes", "derogation"),
    ("immigrants are all criminals", "derogation"),
    ("les migrants sont de la vermine", "derogation"),
    ("les réfugiés sont comme des rats", "dehumanisation"),
    ("immigrants breed like rats", "dehumanisation"),
    ("je hais les juifs", "hatred"),
    ("mort aux arabes", "hatred"),
    ("I hate muslims", "hatred"),
    ("dehors les migrants", "exclusion"),
    ("refugees should be deported", "exclusion"),
    ("les musulmans de mon quartier sont adorables", None),
    ("les arabes ne sont pas des voleurs", None),
    ("je ne hais pas les juifs", None),
    ("muslims are not terrorists", None),
    ("dire que les arabes sont des voleurs, c'est raciste", None),
    ("it's not true that jews are liars", None),
    ("il y a beaucoup de musulmans en France", None),
    # Issue 12, second round.
    ("les noirs ne sont pas des êtres humains", "dehumanisation"),
    ("ces musulmans se reproduisent comme des lapins", "dehumanisation"),
    ("blacks are not human", "dehumanisation"),
    ("refugees are a swarm of locusts", "derogation"),
    ("les musulmans devraient être expulsés", "exclusion"),
    ("blacks should not be allowed to vote", "exclusion"),
    ("les femmes devraient la fermer", "derogation"),
    ("les gays me font vomir", "hatred"),
    ("les chinois sont sales", "derogation"),
    ("Personne ici ne pense que les homos sont malades", None),
    ("Nobody should say refugees are animals", None),
    ("les migrants ne sont pas des criminels", None),
    # Issue 12d: violence against a group and slurs are targeted hate too; a group word and a
    # violence word in other roles are not.
    ("il faut gazer les juifs", "violence"),
    ("je vais tabasser des arabes ce soir", "violence"),
    ("les homos méritent qu'on les pende", "violence"),
    ("we should shoot all the immigrants", "violence"),
    ("muslims should be exterminated", "violence"),
    ("ta gueule sale bougnoule", "slur"),
    ("shut up f*ggot", "slur"),
    ("les tarlouzes dehors", "slur"),
    ("les femmes tuent moins que les hommes", None),
    ("ce boss va me tuer", None),
    ("on m'a traité de « bougnoule » au travail, c'est raciste", None),
    ("mon frère est homo et il se marie", None),
    ("le raton laveur du zoo est mignon", None),
    ("ma commande est encore en retard", None),
    # Profanity aimed at a group is an attack on it; at a thing, or a group word in a name, not.
    ("foutus arabes de merde", "derogation"),
    ("ces enculés de migrants", "derogation"),
    ("damn gays", "derogation"),
    ("putain de bus", None),
    ("les associations de migrants recrutent", None),
]


@pytest.mark.parametrize(("text", "kind"), CASES, ids=[c[0][:40] for c in CASES])
def test_attacks_on_a_group(text: str, kind: str | None) -> None:
    detection = run(hate_target, message(text))
    assert detection.matched is (kind is not None), detection.detail
    if kind is not None:
        assert detection.detail["kind"] == kind
    assert hate_target.explain(detection, "fr") and hate_target.explain(detection, "en")


def test_a_charter_may_keep_only_some_kinds() -> None:
    config = {"kinds": ["exclusion"]}
    assert not run(hate_target, message("les arabes sont tous des voleurs"), config).matched
    assert run(hate_target, message("dehors les migrants"), config).matched


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("les arabes sont tous des voleurs", "arabes"),
        ("il faut gazer les juifs", "juifs"),
        ("black people are animals", "black people"),
        ("sale bougnoule", "bougnoule"),
    ],
)
def test_the_target_is_reported_for_routing(text: str, target: str) -> None:
    assert run(hate_target, message(text)).detail["target"] == target
