
"""Write ``badbuzz_wave.jsonl``: a two-hour complaint wave at the fictional operator Opalia.

Hundreds of members repeat the same few grievances and slogans, word for word and with small
variations (a boycott hashtag, "remboursez-nous", "prélevé deux fois"); a few complaints carry an
insult, a threat or hate; members push back against insults (counter-speech that quotes them); some
say hello or thank each other, in the same words; and at the same time a spam raid of brand-new
accounts posts a fake refund link, identical and with small variations. Each record follows the
message contract plus ground-truth ``labels`` (see ``LABELS``) and ``lang``.

The test ``tests/unit/charter/test_badbuzz_wave.py`` replays it through the example charter and
checks that no legitimate message is sanctioned and every insult, threat, hate, spam and piece of
personal data is acted on. Deterministic (``random.Random(SEED)``), standard library only:

    python3 charters/samples/make_badbuzz.py

Everything is fictional: people, links and e-mail (``.example``), the ``06 12 34 56 78`` placeholder,
an IBAN with a valid checksum that belongs to nobody (the same as in ``opalia_day.jsonl``).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 1207
HERE = Path(__file__).resolve().parent
OUT = HERE / "badbuzz_wave.jsonl"
START = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
LABELS = ("ok", "complaint", "counter_speech", "insult", "threat", "hate", "spam", "personal_data")

# The same grievances and slogans, typed by many people (word for word, then varied).
SLOGANS_FR = [
    "#BoycottOpalia",
    "#BoycottOpalia tant qu'ils ne remboursent pas tout le monde",
    "Remboursez-nous !",
    "REMBOURSEZ-NOUS",
    "Opalia m'a prélevé deux fois ce mois-ci, c'est honteux",
    "Prélevé deux fois moi aussi, scandaleux",
    "Toujours pas d'internet depuis ce matin, c'est inadmissible",
    "Je résilie, ras le bol de cet opérateur",
    "On se fout de nous, aucune information depuis 3 heures",
    "Scandale Opalia, on veut être remboursés",
    "Service client injoignable, c'est une honte",
    "Pire opérateur de France, je pars chez la concurrence",
]
SLOGANS_EN = [
    "#BoycottOpalia until everyone gets their money back",
    "Charged twice this month, this is outrageous",
    "Still no internet since this morning, unacceptable",
    "Refund us now!",
    "Worst provider ever, I'm cancelling",
]
VARIATIONS = [
    "",
    " !!!",
    " 😡",
    " …",
    ". Pareil ici.",
    " (Lyon)",
    " (Lille 3e)",
    " +1",
    ". Inadmissible.",
    " #BoycottOpalia",
]
PREFIXES = ["", "", "", "Pareil : ", "Moi aussi : ", "Idem. ", "@Opalia ", "Bon. "]
GREETINGS = [
    "Bonjour tout le monde !",
    "Merci pour les infos",
    "Bonjour à tous, bon courage à tous",
]
QUESTIONS = [
    "Quelqu'un sait quand ça revient à Nantes ?",
    "Vous avez eu un mail d'Opalia vous ?",
    "Le remboursement est automatique ou il faut le demander ?",
    "Comment on vérifie si on a été prélevé deux fois ?",
    "Is anyone else in Bordeaux affected?",
]
# Violations inside complaints: the complaint is protected, the insult is not.
INSULTS = [
    ("fr", "Prélevé deux fois, bande de connards"),
    ("fr", "Remboursez-nous bande d'escrocs de merde, connards"),
    ("fr", "#BoycottOpalia les conseillers sont des c o n n a r d s"),
    ("fr", "Service client de bouffons, tous des abrutis"),
    ("fr", "Toujours pas d'internet, fdp d'Opalia"),
    ("fr", "t'es qu'un c0nn4rd le CM, réponds"),
    ("fr", "Vous êtes des enfoirés, rendez notre argent"),
    ("fr", "Bande de соnnаrds, remboursez"),
    ("en", "Refund us, you bunch of idiots"),
    ("en", "Charged twice by these f*cking morons"),
    ("en", "The CM is a useless piece of shit, answer us"),
    ("fr", "Le CM est un gros débile, réponds à nos messages"),
]
THREATS = [
    ("fr", "Si je croise le conseiller de la boutique Part-Dieu je le défonce"),
    ("fr", "Remboursez-moi ou je vais brûler votre agence"),
    ("fr", "Je sais où tu habites le CM, tu vas voir"),
    ("fr", "jvais te buter le CM si je suis pas remboursé"),
    ("fr", "Prélevé deux fois. Je vais tuer le premier conseiller que je vois"),
    ("en", "If I meet the CM, I'll kill him"),
    ("en", "Refund me or I will hurt your staff"),
    ("fr", "quelqu'un devrait buter le PDG d'Opalia"),
]
HATE = [
    ("fr", "Encore des conseillers étrangers qui comprennent rien, retournez dans votre pays"),
    ("fr", "Le support est géré par des sales arabes, voilà pourquoi"),
    ("fr", "Remboursez-nous, bande de macaques du service client"),
]
COUNTER = [
    ("fr", "Traiter les conseillers de connards n'est pas acceptable, ils n'y sont pour rien"),
    ("fr", "Arrêtez de traiter le CM de débile, il fait ce qu'il peut"),
    ("fr", "Dire « bande d'abrutis » aux conseillers, c'est pas ok. Restons polis."),
    ("en", "Calling them idiots is not acceptable, the staff aren't to blame"),
    ("fr", "On ne traite pas les gens de bouffons, même énervé"),
    ("en", "Stop calling the advisers morons, it's uncalled for"),
]
SPAM_RAID = "Remboursement Opalia express en 5 min, remplis le formulaire : https://opalia-rembourse.example/form"
SPAM_VARIANTS = [
    "Opalia rembourse tout de suite ici https://opalia-rembourse.example/form 💸",
    "Crypto x2 en 24h, rejoins le telegram t.me/cryptox2opalia",
    "Nitro gratuit pour les clients Opalia : discord.gg/free-nitro-opalia",
]
PHONES = [
    "Rappelez-moi au 06 12 34 56 78, prélevé deux fois",
    "Écrivez-moi à jean.client@example.com, toujours pas remboursé",
    "Remboursez sur mon IBAN FR76 3000 6000 0112 3456 7890 189, c'est honteux",
]


def _author(rng: random.Random, index: int, at: datetime, new: bool) -> dict[str, str]:
    created = (
        at - timedelta(hours=rng.randint(1, 10))
        if new
        else at - timedelta(days=rng.randint(200, 3000))
    )
    joined = (
        at - timedelta(minutes=rng.randint(5, 60))
        if new
        else at - timedelta(days=rng.randint(30, 900))
    )
    return {
        "id": f"bb{index:04d}",
        "name": f"membre{index:04d}",
        "joined": _iso(joined),
        "created": _iso(created),
    }


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _complaint(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.15:
        return "en", rng.choice(SLOGANS_EN) + rng.choice(["", " !!", " 😡"])
    text = rng.choice(SLOGANS_FR)
    if rng.random() < 0.45:  # word for word: the heart of a bad buzz
        return "fr", text
    return "fr", rng.choice(PREFIXES) + text + rng.choice(VARIATIONS)


def build(rng: random.Random) -> list[dict[str, object]]:
    """The records of the wave, sorted by time."""
    members = [_author(rng, i, START, new=i >= 330) for i in range(400)]
    records: list[tuple[datetime, dict[str, object], str, list[str], str]] = []
    t = START
    for _ in range(900):  # the crowd: complaints, questions, greetings
        t += timedelta(seconds=rng.randint(1, 12))
        author = rng.choice(members)
        roll = rng.random()
        if roll < 0.78:
            lang, text = _complaint(rng)
            records.append((t, author, text, ["complaint"], lang))
        elif roll < 0.88:
            records.append((t, author, rng.choice(QUESTIONS), ["ok"], "fr"))
        else:
            records.append((t, author, rng.choice(GREETINGS), ["ok"], "fr"))
    end = t
    scripted = [
        (INSULTS, ["complaint", "insult"]),
        (THREATS, ["complaint", "threat"]),
        (HATE, ["complaint", "hate"]),
        (COUNTER, ["counter_speech"]),
        (PHONES, ["complaint", "personal_data"]),
    ]
    for table, labels in scripted:
        for lang_text in table:
            lang, text = lang_text if isinstance(lang_text, tuple) else ("fr", lang_text)
            at = START + timedelta(seconds=rng.randint(60, int((end - START).total_seconds())))
            records.append((at, rng.choice(members[:330]), text, labels, lang))
    raid_at = START + timedelta(minutes=47)
    for i in range(24):  # the raid: brand-new accounts, the same link, within four minutes
        author = _author(rng, 900 + i, raid_at, new=True)
        text = SPAM_RAID if i < 16 else SPAM_VARIANTS[i % len(SPAM_VARIANTS)]
        records.append(
            (raid_at + timedelta(seconds=10 * i + rng.randint(0, 9)), author, text, ["spam"], "fr")
        )
    records.sort(key=lambda r: r[0])
    return [_record(n, *r) for n, r in enumerate(records, 1)]


def _record(
    n: int, at: datetime, author: dict[str, str], text: str, labels: list[str], lang: str
) -> dict[str, object]:
    return {
        "id": f"bb-{n:04d}",
        "ts": _iso(at),
        "platform": "discord",
        "community": "opalia",
        "channel": "general",
        "author": author,
        "text": text,
        "reply_to": None,
        "edited": False,
        "labels": labels,
        "lang": lang,
    }


def main() -> None:
    """Write the stream and print its counts per label."""
    records = build(random.Random(SEED))
    with OUT.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts = Counter(label for r in records for label in r["labels"])  # type: ignore[attr-defined]
    authors = len({r["author"]["id"] for r in records})  # type: ignore[index]
    print(f"{OUT.name}: {len(records)} records, {authors} authors")
    for label in LABELS:
        print(f"  {label:15} {counts.get(label, 0)}")


if __name__ == "__main__":
    main()
