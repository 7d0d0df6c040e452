"""Vigie's own evaluation suites: hand-written French and English messages, by functionality, with
what the charter must do with each.

Written for Vigie (not copied from any public functional test suite), so they measure what the
charter needs: threats acted on, hyperbole and gaming talk left alone, counter-speech and
complaints never sanctioned. `evaluate_suites` runs them through a charter's engine and reports one
figure per functionality (`vigie model suites`); the tests assert the targets of issue 12.
WARNING: violent and insulting wording, kept on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.decision import Decision
from bot.core.message import Author, Message

# Expectations: "threat" (a threat rule must act: delete or escalate), "no_threat" (no threat rule
# fires), "kept" (no sanction at all: no delete, warn, timeout, ban, hold).
THREATS_DIRECT = [
    "je te tue",
    "jte tue",
    "je vais te tuer",
    "J'vais t'égorger",
    "je vé te buter",
    "je vais te planter",
    "je vais te casser la gueule",
    "je vais te faire la peau",
    "je te crèverai",
    "on va te massacrer",
    "je te défonce la gueule",
    "je vais vous tabasser",
    "j'vais te refaire le portrait",
    "je te jure je vais te tuer",
    "je vais te trouer",
    "jvais te frapper",
    "je vous tuerai tous",
    "je vais te mettre une balle",
    "I will kill you",
    "I'm gonna kill you",
    "i'll stab you",
    "im gonna shoot you",
    "I'll fucking kill you",
    "I will beat you up",
    "I'm going to hurt you",
    "i'll slit your throat",
    "I will end you",
    "imma kill u",
    "We'll kill you",
    "i swear i'll kill you",
    "I'm going to break your neck",
    "i'll burn your house",
    "I'd kill you if I could",
    "I'm coming to kill you",
]
THREATS_CONDITIONAL = [
    "si je te croise je te défonce la gueule",
    "si je croise le CM je le tue",
    "si je te vois demain t'es mort",
    "si je te chope je te bute",
    "si je retrouve le conseiller je le frappe",
    "si on te croise on te plante",
    "si je tombe sur toi je te massacre",
    "si je vois le modo je le défonce",
    "si je recroise ce vendeur je le tue",
    "if I meet the CM, I'll kill him",
    "if i see you again you're dead",
    "if I catch you I'll beat you up",
    "if I ever run into the mods I'll hurt them",
    "if i find you i will kill you",
    "If we meet the staff we will kill them",
]
THREATS_STAFF_PLACES = [
    "je vais brûler la boutique de la Part-Dieu",
    "je vais défoncer le conseiller de la boutique",
    "Je vais tuer le premier conseiller que je vois",
    "je vais cramer votre agence",
    "on va brûler vos locaux",
    "je vais buter le CM",
    "je vais frapper les vendeurs",
    "je vais faire sauter le siège d'Opalia",
    "quelqu'un devrait buter le PDG d'Opalia",
    "il faudrait tabasser les conseillers",
    "I'm going to burn the shop down",
    "I will kill the CM",
    "I'll hurt your staff",
    "Refund me or I will hurt your staff",
    "I'm gonna shoot the mods",
    "someone should kill the CM",
    "I know where your Part-Dieu shop is",
    "je sais où tu habites",
    "je sais où est ta boutique",
    "I know where you live",
]
THREATS_GROUPS = [
    "il faudrait tous les tuer ces gens",
    "ils mériteraient d'être pendus",
    "tuez-les tous",
    "brûlez les mosquées",
    "faut tous les buter",
    "il faudrait exterminer tous les migrants",
    "ils devraient être fusillés",
    "on va massacrer tous les juifs",
    "je vais tuer tous les arabes",
    "gazez les tous",
    "they should all be shot",
    "kill them all",
    "someone should kill all the immigrants",
    "they deserve to be hanged",
    "they need to be exterminated",
    "we will kill all the muslims",
    "I'm going to shoot all the gays",
    "those people deserve to die",
    "they must be wiped out",
    "let's kill them all",
]
NOT_THREATS = [
    "ce boss va me tuer",
    "ça me tue",
    "on va les défoncer au match",
    "je vais le tuer ce boss",
    "tu me tues mdr",
    "je me tue au travail",
    "je vais tuer le temps",
    "je vais te démonter en 1v1",
    "on va les éclater en finale",
    "ce niveau me tue",
    "mes enfants vont me tuer si la box marche pas",
    "je suis mort de rire",
    "ça m'a tuée ce film",
    "on les a défoncés au foot hier",
    "la chaleur me tue",
    "il a écrit « je vais te tuer », c'est pas acceptable, je signale",
    "Selon la police, le suspect a été tué hier",
    "Un homme a été poignardé à Lyon selon le journal",
    "mon forfait me tue",
    "cette facture va me tuer",
    "on va tout déchirer au tournoi",
    "this boss is going to kill me",
    "this game is killing me",
    "my mom is going to kill me",
    "I'd kill for a pizza",
    "he was killed in a car crash",
    "I'm going to destroy you in ranked",
    "we're gonna crush them at the match tonight",
    "that joke killed me",
    "you killed it at the gig",
    "I'm dying of laughter",
    "the heat is killing me",
    "he wrote 'I will kill you', this is not acceptable, reported",
    "According to the police, two people were shot",
    "this bill is going to kill me",
    "I could murder a burger",
    "killing time before the match",
    "my back is killing me",
    "I nearly died laughing",
    "the news says a man was stabbed in Paris",
]
COUNTER_SPEECH = [
    "Traiter quelqu'un de connard n'est pas acceptable.",
    "Traiter les conseillers de connards n'est pas acceptable, ils n'y sont pour rien",
    "Arrêtez de traiter le CM de débile, il fait ce qu'il peut",
    "Dire « bande d'abrutis » aux conseillers, c'est pas ok. Restons polis.",
    "On ne traite pas les gens de bouffons, même énervé",
    "Écrire « connard » au modo, c'est pas acceptable",
    "Traiter quelqu'un d'enfoiré parce que la box plante, c'est pas normal",
    "Le mot « débile » n'a rien à faire ici, un peu de respect",
    "Pas besoin d'insulter, traiter le support d'abrutis n'aide personne",
    "Il a traité la conseillère de salope, c'est inadmissible, je signale",
    "Traiter les gens de crétins ne fera pas revenir internet",
    "« Bande de bouffons » ? Restons corrects s'il vous plaît",
    "On peut être en colère sans traiter le CM de tocard",
    "Appeler les techniciens des abrutis, c'est pas ok",
    "Traiter quelqu'un d'idiot, c'est pas acceptable ici",
    "Arrêtez de traiter les modos de cons",
    "Traiter le staff de connards n'est pas ok, ils subissent la panne aussi",
    "Dire « fdp » à un membre, c'est inacceptable",
    "Le mot « abruti » n'est pas acceptable, restons polis",
    "Traiter un conseiller de crétin c'est pas acceptable",
    "Calling them idiots is not acceptable, the staff aren't to blame",
    "Stop calling the advisers morons, it's uncalled for",
    "Calling someone a moron is not ok",
    "Calling the CM an idiot is not acceptable",
    "Saying 'bunch of idiots' to the staff is not cool",
    "Calling people idiots won't bring the internet back, be respectful",
    "Stop calling the mods idiots",
    "Calling her a bitch is out of line, reported",
    "No need to call the tech an idiot, not ok",
    "Calling the support team morons is unacceptable",
    "Calling them 'idiots' is not okay",
    "Don't call people morons here",
    "He called the adviser an idiot, that's not acceptable",
    "Calling a member a moron is uncalled for",
    "Calling the staff idiots is not fine",
    "Calling them 'morons' is out of line",
    "Stop calling people idiots, be respectful",
    "Calling the CM an idiot won't help, it's not ok",
    "Calling anyone a moron is unacceptable",
    "Writing 'idiot' to the moderators is not acceptable",
]
COMPLAINTS = [
    "Votre service client est nul, ça fait 3 semaines que j'attends une réponse.",
    "C'est une honte, vous m'avez prélevé deux fois ce mois-ci !",
    "Opalia c'est de l'arnaque, je résilie dès demain.",
    "#BoycottOpalia tant qu'ils ne remboursent pas tout le monde",
    "Scandaleux. 3 jours sans internet et aucune information.",
    "J'ai vraiment l'impression qu'on se fout de nous.",
    "Franchement vous êtes nuls sur ce coup, aucune communication.",
    "8 ans que je suis client et je me sens pris pour un con.",
    "Le pire opérateur de France, je vais saisir la DGCCRF et l'UFC-Que Choisir.",
    "Je vais vous faire une sacrée mauvaise pub autour de moi, c'est inadmissible.",
    "REMBOURSEZ-NOUS",
    "Remboursez-nous !",
    "#BoycottOpalia",
    "Prélevé deux fois moi aussi, scandaleux",
    "Toujours pas d'internet depuis ce matin, c'est inadmissible",
    "Je résilie, ras le bol de cet opérateur",
    "Service de merde, 4 heures d'attente",
    "Opalia = arnaque, fuyez",
    "On veut être remboursés, c'est honteux",
    "Service client injoignable, c'est une honte",
    "Vous vous moquez de nous, rendez notre argent",
    "Pire opérateur de France, je pars chez la concurrence",
    "MA BOX REDÉMARRE TOUTE SEULE DEPUIS 3 JOURS, J'EN AI MARRE !!!",
    "Je vais porter plainte, c'est du vol",
    "This is a scam and I want my money back.",
    "Worst customer service ever, I've been on hold for two hours.",
    "You charged me twice, this is outrageous and I'm cancelling.",
    "Your app is garbage since the last update.",
    "I'm going to tell everyone I know to avoid Opalia.",
    "#BoycottOpalia until everyone gets their money back",
    "Charged twice this month, this is outrageous",
    "Still no internet since this morning, unacceptable",
    "Refund us now!",
    "Worst provider ever, I'm cancelling",
    "Your support is useless, what a joke",
    "Shameful. Three days without service.",
    "I'm done with Opalia, switching to another provider",
    "This company is a disgrace",
    "Pathetic service, I want a refund",
    "Opalia killed my business with this outage, I want compensation",
]

SUITES: dict[str, tuple[str, list[str]]] = {
    "threats_direct": ("threat", THREATS_DIRECT),
    "threats_conditional": ("threat", THREATS_CONDITIONAL),
    "threats_staff_places": ("threat", THREATS_STAFF_PLACES),
    "threats_groups": ("threat", THREATS_GROUPS),
    "hyperbole_gaming_quoting_news": ("no_threat", NOT_THREATS),
    "counter_speech": ("kept", COUNTER_SPEECH),
    "complaints": ("kept", COMPLAINTS),
}
THREAT_RULES = frozenset({"menaces", "menaces-a-verifier"})
SANCTIONS = frozenset({"delete", "warn", "timeout", "kick", "ban", "hold"})
_AT = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """One functionality's figure: how many cases the charter handled as expected."""

    name: str
    expectation: str
    cases: int
    passed: int
    failures: tuple[str, ...]

    @property
    def rate(self) -> float:
        """The share of cases handled as expected."""
        return self.passed / self.cases if self.cases else 0.0


def meets(expectation: str, decision: Decision) -> bool:
    """Whether a decision does what the suite expects of its message."""
    kinds = {action.kind for action in decision.actions}
    if expectation == "threat":
        return bool(THREAT_RULES & set(decision.matched)) and bool(kinds & {"delete", "escalate"})
    if expectation == "no_threat":
        return not THREAT_RULES & set(decision.matched)
    return not kinds & SANCTIONS


def evaluate_suites(decide: Callable[[Message], Decision]) -> list[SuiteResult]:
    """Run every suite through `decide` (a fresh decision per message, no history)."""
    return [_run(name, expectation, texts, decide) for name, (expectation, texts) in SUITES.items()]


def _run(
    name: str, expectation: str, texts: Iterable[str], decide: Callable[[Message], Decision]
) -> SuiteResult:
    author = Author(id="suite", joined=_AT - timedelta(days=400), created=_AT - timedelta(days=900))
    failures = []
    texts = list(texts)
    for index, text in enumerate(texts):
        message = Message(id=f"{name}-{index}", ts=_AT, author=author, text=text, community="suite")
        if not meets(expectation, decide(message)):
            failures.append(text)
    return SuiteResult(name, expectation, len(texts), len(texts) - len(failures), tuple(failures))
