"""Write ``storm_fr.jsonl`` and ``storm_en.jsonl``: a second, independent bad buzz, one per language.

Written apart from ``make_badbuzz.py`` (other story, other people, other wording, other shape) so
that Vigie is not only measured on the wave its own mechanisms were tuned on. The story: on
2026-05-19 the fictional operator Opalia raises every contract by 8 euros (7 pounds) a month with
a month's notice and drops the TV option; the news breaks, the brand posts a clumsy statement, a
petition goes round, a boycott hashtag trends, and the brand freezes the rise for existing customers
two hours later. What a real wave has, and the first stream mostly lacks:

- members who just joined the server, and accounts created that very day, complaining;
- complaints carrying links to news articles and to a petition site, and a long petition text
  pasted word for word by dozens of members (old and new);
- hashtags, emoji, ALL CAPS anger, sarcasm, swearing at the service rather than at a person,
  quotes of the brand's statement, repeated mentions of the brand account and the staff;
- several messages by one author within seconds (a complaint typed line by line);
- a greeting repeated by the newcomers, questions, answers and the staff's own messages;
- a member posting their own phone number or e-mail (personal data), another posting an order or
  customer number (not personal data under the charter: no phone, e-mail, IBAN or card);
- inside the wave: insults at the staff (evasions included), hate, threats (direct, conditional,
  against the community manager, a shop, the head office, a call to hurt someone), doxxing of the
  community manager, and a spam raid at the same time (crypto, invites, ads, a phishing "refund"
  form; brand-new accounts; identical texts and numbered variants).

Every record carries ground-truth ``labels``: legitimate (``ok``, ``complaint``,
``counter_speech``, ``press``, plus ``newcomer`` for an author who joined less than a day before)
or the violations it holds (``insult``, ``hate``, ``threat``, ``spam``, ``personal_data``; a
violation inside a complaint also keeps ``complaint``). Deterministic (``random.Random(SEED)``, no
clock), standard library only:

    python3 charters/samples/make_storm.py

Everything is fictional: people, the brand, links (``.example``), phone numbers from the ranges kept
for fiction (``06 39 98 …``, ``07700 900…``).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

SEED = 5519
HERE = Path(__file__).resolve().parent
START = datetime(2026, 5, 19, 17, 30, tzinfo=UTC)
END = START + timedelta(hours=3, minutes=30)
LABELS = (
    "ok",
    "complaint",
    "counter_speech",
    "press",
    "newcomer",
    "insult",
    "hate",
    "threat",
    "spam",
    "personal_data",
)


@dataclass(frozen=True)
class Person:
    """One author: `kind` says how they behave (regular, lurker, joiner, fresh, spammer, staff)."""

    id: str
    name: str
    kind: str
    roles: tuple[str, ...]
    joined: datetime
    created: datetime


@dataclass
class Line:
    """One message before numbering."""

    at: datetime
    who: Person
    text: str
    labels: list[str]
    channel: str = "general"
    reply_to: str | None = None  # a scripted key, resolved to an id once numbered
    key: str | None = None


# --- the words of each community ------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Everything one community says during the storm."""

    lang: str
    names: Sequence[str]
    staff: Sequence[tuple[str, str]]  # (name, role)
    core: Sequence[str]  # grievances typed word for word by many
    openers: Sequence[str]
    facts: Sequence[str]
    demands: Sequence[str]
    tails: Sequence[str]
    sarcasm: Sequence[str]
    swearing: Sequence[str]  # at the service, not at a person
    caps: Sequence[str]
    quotes: Sequence[str]  # quoting the statement ({q})
    statement_bits: Sequence[str]
    news: Sequence[str]  # sharing an article ({url})
    news_urls: Sequence[str]
    petition_share: Sequence[str]  # ({url})
    petition_url: str
    petition: str  # the copypasta
    hashtags: Sequence[str]
    mentions: Sequence[str]  # complaints to the brand and staff ({m})
    handles: Sequence[str]
    greetings: Sequence[str]
    questions: Sequence[str]
    answers: Sequence[str]
    thanks: Sequence[str]
    late: Sequence[str]  # after the freeze: still angry, or relieved
    bursts: Sequence[Sequence[tuple[str, str]]]  # (label, text) lines typed in a row
    orders: Sequence[str]  # own order or customer number: legitimate
    counter: Sequence[str]
    press: Sequence[str]
    staff_lines: Sequence[str]
    statement: str
    freeze: str
    insults: Sequence[str]
    hate: Sequence[str]
    threats: Sequence[str]
    personal: Sequence[str]
    doxxing: Sequence[tuple[str, tuple[str, ...]]]
    raid: Sequence[str]  # identical copies ({n}: a number some raiders add)
    raid_variants: Sequence[str]


FR = Words(
    lang="fr",
    names=(
        "Mathilde",
        "Yanis",
        "Sophie.R",
        "kevin_92",
        "Aurelie",
        "Bastien",
        "nadia.b",
        "Lucas",
        "Gwen",
        "Thierry",
        "Samia",
        "Jojo",
        "Pauline",
        "Hugo_L",
        "Ferdinand",
        "Carla",
        "Max",
        "Leila",
        "Romain",
        "Elodie",
        "Said",
        "Marine",
        "Cedric",
        "Ophelie",
        "Patou",
        "Vincent",
    ),
    staff=(
        ("Ines_Opalia", "community_manager"),
        ("Modo_Karim", "moderateur"),
        ("Modo_Lea", "moderateur"),
        ("Theo_modo", "moderateur"),
    ),
    core=(
        "8 euros de plus par mois sans rien de plus, c'est du vol",
        "Je suis client depuis 12 ans et voilà comment on est remerciés",
        "Hausse de 8 € et en plus ils retirent l'option TV, bravo",
        "On nous prend vraiment pour des vaches à lait",
        "Je résilie dès demain, fini Opalia",
        "Cette augmentation est un scandale",
        "Personne ne répond au 3900, ça fait 2 heures que j'attends",
        "Ils augmentent les prix et le service est toujours aussi pourri",
        "Aucune explication, juste un mail la veille, c'est lamentable",
        "Rendez-nous l'option TV ou baissez le prix",
        "Opalia, vous êtes en train de perdre tous vos clients fidèles",
        "Augmentation unilatérale = résiliation sans frais, renseignez-vous",
    ),
    openers=(
        "",
        "",
        "",
        "Sérieux ",
        "Franchement, ",
        "Bon ben ",
        "Alors là… ",
        "Pfff ",
        "Moi aussi : ",
        "Pareil, ",
        "Idem ici. ",
        "Et sinon ",
    ),
    facts=(
        "on passe de 29,99 à 37,99 par mois",
        "mon forfait augmente de 8 balles sans prévenir",
        "ils suppriment l'option TV que je paye depuis 5 ans",
        "le mail est arrivé dans les spams, super la communication",
        "on a un mois pour accepter ou partir",
        "le service client raccroche dès qu'on parle de la hausse",
        "l'appli affiche déjà le nouveau prix",
        "ma mère de 80 ans n'a rien compris à leur courrier",
        "la fibre coupe tous les soirs et maintenant ils augmentent",
        "ils ont gardé 3 mois de mes frais de mise en service",
    ),
    demands=(
        "je veux résilier sans frais",
        "rendez-nous l'argent",
        "on exige des explications",
        "annulez cette hausse",
        "je demande un geste commercial",
        "expliquez-vous",
        "je pars chez la concurrence",
        "remboursez l'option TV payée pour rien",
    ),
    tails=(
        "",
        "",
        "",
        " !!!",
        " 😡",
        " 🤬",
        " 🙄",
        " …",
        " #BoycottOpalia",
        " #OpaliaCestFini",
        " 😤😤",
        " (Marseille)",
        " (Rennes)",
        " !!",
        " 👎",
    ),
    sarcasm=(
        "Bravo Opalia 👏👏 champions de la fidélité",
        "Merci Opalia pour ce magnifique cadeau, exactement ce qu'il me fallait en mai 🙃",
        "Ah oui « pour mieux vous servir », surtout pour mieux se servir dans nos poches",
        "Génial, je paye plus cher pour avoir moins. Quel sens des affaires 😂",
        "Meilleur opérateur de France… pour vider les comptes de ses clients",
        "Trop hâte de voir la prochaine « évolution » de mon offre 🤡",
        "Ils ont dû embaucher un stagiaire pour la com', c'est pas possible autrement",
        "Incroyable, même mon vieux téléphone fixe était mieux traité que ça",
    ),
    swearing=(
        "C'est de la merde ce service, franchement",
        "Putain 8 euros de plus, ils se foutent de nous",
        "Bordel, déjà que la box plante tous les soirs",
        "Ce service client c'est vraiment de la merde",
        "Quelle connerie cette hausse",
        "Fait chier, je venais juste de me réengager pour 12 mois",
        "Opalia c'est devenu n'importe quoi, putain",
        "Putain de box, putain d'augmentation",
    ),
    caps=(
        "C'EST UNE HONTE, ANNULEZ CETTE HAUSSE",
        "ON VEUT DES RÉPONSES, PAS DES COMMUNIQUÉS",
        "REMBOURSEZ L'OPTION TV",
        "8 EUROS DE PLUS ET RIEN EN ÉCHANGE, VOUS VOUS FOUTEZ DE NOUS",
        "JE RÉSILIE, FINI, TERMINÉ",
        "RÉPONDEZ À VOS CLIENTS AU LIEU DE VOUS CACHER",
        "STOP À LA HAUSSE #BOYCOTTOPALIA",
    ),
    quotes=(
        "« {q} » : vous vous moquez de qui exactement ?",
        "« {q} »… on a bien rigolé",
        "Je cite : « {q} ». Non merci.",
        "« {q} » 😂😂😂",
        "Quand je lis « {q} », j'ai juste envie de résilier",
    ),
    statement_bits=(
        "Nous faisons évoluer nos offres pour mieux vous servir",
        "cette évolution tarifaire reflète nos investissements dans la fibre",
        "nous restons à votre écoute",
        "la qualité de service reste notre priorité",
    ),
    news=(
        "L'article est sorti : {url}",
        "Même la presse en parle {url}",
        "Pour ceux qui n'ont pas vu : {url} #BoycottOpalia",
        "{url} voilà ce qu'ils nous préparent",
        "Lisez ça avant de vous réengager : {url}",
    ),
    news_urls=(
        "https://www.lequotidien-numerique.example/2026/05/19/opalia-hausse-8-euros",
        "https://actu-conso.example/opalia-augmente-ses-forfaits-clients-furieux",
        "https://www.radio-cite.example/eco/opalia-option-tv-supprimee",
        "https://x.example/LaraTech/status/19052026",
    ),
    petition_share=(
        "Signez la pétition : {url}",
        "La pétition a déjà 20 000 signatures {url}",
        "Tout le monde signe svp 👉 {url}",
        "{url} signé et partagé, à vous !",
    ),
    petition_url="https://www.petitions-citoyennes.example/p/stop-hausse-opalia",
    petition=(
        "Nous, clients d'Opalia, refusons la hausse de 8 € par mois imposée sans contrepartie et "
        "la suppression de l'option TV. Nous demandons l'annulation de cette hausse pour les "
        "contrats en cours, le droit de résilier sans frais et des excuses publiques. "
        "Signez et partagez : https://www.petitions-citoyennes.example/p/stop-hausse-opalia"
    ),
    hashtags=(
        "#BoycottOpalia",
        "#OpaliaCestFini",
        "#BoycottOpalia #RendezNousLaTV",
        "#OpaliaCestFini 👋",
        "#BoycottOpalia 🔥🔥🔥",
    ),
    mentions=(
        "{m} vous comptez répondre un jour ?",
        "{m} 8 euros de plus, on attend vos explications",
        "{m} {m} {m} répondez !!",
        "{m} l'option TV vous la rendez quand ?",
        "{m} toujours rien ? On est des centaines à attendre",
    ),
    handles=(
        "@Opalia",
        "@Opalia_Support",
        "@Ines_Opalia",
        "@Modo_Karim",
        "@Modo_Lea",
        "@Theo_modo",
        "@everyone",
    ),
    greetings=(
        "Bonsoir à tous, je viens d'arriver sur le serveur",
        "Bonsoir tout le monde 👋",
        "Salut, nouveau ici, je viens pour la hausse comme tout le monde",
        "Bienvenue aux nouveaux !",
    ),
    questions=(
        "Quelqu'un sait si on peut résilier sans frais avec la hausse ?",
        "La hausse s'applique aussi aux forfaits mobiles ?",
        "Vous avez reçu le mail vous ? Moi rien",
        "C'est à partir de quand exactement le nouveau tarif ?",
        "Il faut envoyer un recommandé pour résilier ?",
        "Quelqu'un a réussi à joindre le service client ce soir ?",
    ),
    answers=(
        "Oui, une hausse de prix permet de résilier sans frais dans les 4 mois",
        "D'après l'article, c'est à partir du 1er juillet",
        "Moi j'ai eu le mail ce matin, dans les promotions",
        "Pas besoin de recommandé, ça se fait depuis l'espace client",
        "Non, que la box, le mobile ne bouge pas pour l'instant",
    ),
    thanks=(
        "Merci pour la réponse !",
        "Merci, c'est plus clair",
        "Ok merci 🙏",
        "Ah enfin une bonne nouvelle, merci",
        "Merci Ines pour les infos",
    ),
    late=(
        "Le gel c'est bien mais l'option TV elle revient ou pas ?",
        "Trop tard pour moi, j'ai déjà résilié",
        "Ils reculent parce qu'on a été nombreux, comme quoi",
        "Gel de la hausse… jusqu'à quand ?",
        "Bon, au moins ils ont écouté",
        "Je reste méfiant, ils vont recommencer dans 6 mois",
    ),
    bursts=(
        (
            ("ok", "bon"),
            ("complaint", "je viens de recevoir le mail"),
            ("complaint", "+8 euros"),
            ("complaint", "sans rien changer au service"),
            ("complaint", "c'est une blague ??"),
            ("complaint", "je résilie"),
        ),
        (
            ("ok", "allô ?"),
            ("ok", "y a quelqu'un de chez Opalia ici ?"),
            ("complaint", "ça fait 1h que je pose la question"),
            ("ok", "???"),
            ("complaint", "répondez au moins"),
            ("ok", "allô ?"),
            ("ok", "???"),
            ("ok", "vous êtes où ?"),
        ),
        (
            ("complaint", "non mais sérieux"),
            ("complaint", "12 ans client"),
            ("complaint", "jamais un retard de paiement"),
            ("complaint", "et on me fait ça"),
            ("complaint", "honteux"),
            ("complaint", "HONTEUX"),
            ("complaint", "#BoycottOpalia"),
        ),
        (
            ("complaint", "l'option TV supprimée"),
            ("complaint", "le prix qui monte"),
            ("complaint", "et la box qui plante toujours"),
            ("complaint", "merci qui ? merci Opalia"),
        ),
    ),
    orders=(
        "Commande OP-2026-558812 toujours pas livrée et maintenant la hausse, super",
        "Mon n° client c'est 31 448 207, quelqu'un du support peut regarder ma facture ?",
        "Dossier réclamation n° R-77120394 ouvert depuis avril, aucune réponse",
    ),
    counter=(
        "Insulter Ines ne sert à rien, c'est pas elle qui fixe les prix",
        "Traiter les modos de « larbins » c'est pas ok, ils sont bénévoles",
        "On peut être en colère sans insulter les conseillers, restons polis",
        "Les propos racistes sur les conseillers n'ont rien à faire ici, signalé",
        "Menacer la CM c'est grave, ça n'aidera personne à être remboursé",
    ),
    press=(
        "Bonsoir, journaliste à Actu Conso : des clients accepteraient-ils de témoigner en MP ?",
        "Radio Cité prépare un sujet sur la hausse, Opalia souhaite-t-elle réagir ?",
    ),
    staff_lines=(
        "Nous lisons tous vos messages. Une réponse détaillée arrive ce soir.",
        "Pour les questions sur votre contrat, écrivez-nous en privé, nous répondons à tous.",
        "Rappel : la critique est bienvenue, les insultes et les menaces non.",
        "La résiliation sans frais est possible dans les 4 mois qui suivent la hausse.",
        "Merci de ne pas partager vos numéros de téléphone ici, nous vous contactons en privé.",
    ),
    statement=(
        "📢 Nous faisons évoluer nos offres pour mieux vous servir : cette évolution tarifaire "
        "reflète nos investissements dans la fibre. La qualité de service reste notre priorité et "
        "nous restons à votre écoute."
    ),
    freeze=(
        "📢 Nous vous avons entendus : la hausse est gelée pour tous les clients actuels et "
        "l'option TV est maintenue jusqu'à la fin de l'année. Nous vous présentons nos excuses."
    ),
    insults=(
        "Ines t'es vraiment qu'une incapable, réponds",
        "Les modos vous êtes des larbins de la direction, bande de vendus",
        "Le CM est un sale con qui se cache",
        "Fermez-la bande de clowns, on veut des réponses",
        "Espèce de guignols, remboursez l'option TV",
        "8 euros de plus, bande d'enculés",
        "Bande d'encul3s de chez Opalia",
        "La CM c'est une c.o.n.n.a.s.s.e finie",
        "Vous êtes tous des abrutis au service client",
        "Modo_Karim t'es un bouffon, tu supprimes nos messages",
        "Ta gueule Ines, on veut pas de tes excuses bidon",
        "Le directeur commercial est un gros connard",
        "Bande de b4tards, 12 ans client pour ça",
        "Ferme ta gueule sale merde de CM",
        "Les conseillers sont des incompétents et des débiles",
        "Va te faire foutre Opalia et ta CM de mes deux",
        "Les mecs du support vous êtes des tocards finis",
        "ptn de batards de conseillers",
        "Ines espèce de conne, tu vas répondre ?",
        "T'es payée à rien foutre grosse feignasse",
        "Enfoirés de commerciaux, vous dormez bien ?",
        "Bande de pourris, vous nous volez",
        "Le PDG c'est un escroc et un connard",
        "Les modos = des chiens de garde débiles",
        "fdp de CM",
    ),
    hate=(
        "Évidemment, ils ont délocalisé le support chez les bougnoules, voilà le résultat",
        "Les conseillers marocains ne comprennent rien, qu'ils retournent dans leur pays",
        "C'est les juifs de la direction qui s'en mettent plein les poches",
        "Tous ces bicots au téléphone, on comprend pas un mot",
        "Les pédés du marketing ont encore frappé",
        "Ces gens-là sont une race de voleurs, comme d'habitude",
        "Les noirs du centre d'appel de Dakar sont des singes incapables",
        "Une boîte dirigée par des femmes, fallait pas s'attendre à mieux, elles sont toutes connes",
        "Les musulmans du support sont des parasites, dehors",
        "Ces sales arabes de conseillers raccrochent exprès",
    ),
    threats=(
        "Si je croise le CM dans la rue je lui fais la peau",
        "Ines on sait où tu bosses, fais gaffe en sortant ce soir",
        "Je vais venir à l'agence de Bordeaux avec un bidon d'essence",
        "Le prochain conseiller qui me raccroche au nez je le retrouve et je le défonce",
        "Vous allez payer, je vais faire sauter votre siège",
        "Quelqu'un devrait planter le PDG, ça les calmerait",
        "Je vais te tuer Ines, tu m'entends",
        "Si la hausse passe je débarque à la boutique Part-Dieu et je casse tout, et les vendeurs avec",
        "jvais te retrouver le modo et t'éclater la tête",
        "Faudrait brûler leur siège avec les dirigeants dedans",
        "Continue de supprimer mes messages Karim et je te saigne",
        "Le CM mérite une balle, sérieux",
        "Je connais ton adresse Ines, tu vas regretter ce communiqué",
        "si jte croise tu finis à l'hôpital, toi le CM",
    ),
    personal=(
        "Rappelez-moi svp au 06 39 98 14 22, personne ne décroche",
        "Mon mail c'est nadia.b@example.com, envoyez-moi le formulaire de résiliation",
        "Contactez-moi au 06 39 98 52 07, je veux résilier",
        "Joignable au 06.39.98.33.90 toute la soirée pour la réclamation",
        "Écrivez-moi sur thierry.martin@example.fr svp, 8 euros de plus c'est non",
        "Mon fixe c'est le 04 72 00 00 00, rappelez-moi pour la hausse",
    ),
    doxxing=(
        (
            "Ines la CM elle s'appelle Ines Garnier, son 06 perso c'est 06 39 98 71 10, "
            "appelez-la tous",
            ("personal_data",),
        ),
        (
            "Le mail perso de la CM : ines.garnier@example.org, allez-y, lâchez-vous",
            ("personal_data",),
        ),
        (
            "Son portable perso : 06 39 98 64 31, c'est Karim le modo, qu'il s'explique",
            ("personal_data",),
        ),
        (
            "J'ai trouvé le numéro de la CM : 06 39 98 71 10. On va aller la voir chez elle",
            ("personal_data", "threat"),
        ),
    ),
    raid=(
        "🔥 Remboursement de la hausse Opalia en 2 min : remplis le formulaire "
        "https://opalia-remboursement.example/claim avant minuit, places limitées {n}",
        "Gagne 300 € par jour avec notre bot crypto, rejoins-nous sur Telegram "
        "t.me/cryptoboost_fr 🚀",
    ),
    raid_variants=(
        "Marre d'Opalia ? Box 4G illimitée à 9,99 € chez ZenoMobile, code ZENO30 "
        "https://zenomobile-promo.example",
        "Rejoignez le serveur des clients Opalia en colère discord.gg/opalia-recours",
        "NITRO GRATUIT pour les clients Opalia 🎁 https://discord-gift.example/opalia",
        "Doublez vos BTC en 24h, garanti 💸 https://btc-x2.example/fr",
    ),
)

EN = Words(
    lang="en",
    names=(
        "Megan",
        "Tom_B",
        "sarahj",
        "Dev",
        "Priya",
        "Olly",
        "Hannah.W",
        "Callum",
        "Zoe",
        "Rich",
        "Aisha",
        "Benji",
        "Laura_K",
        "Marcus",
        "Jen",
        "Ravi",
        "Ellie",
        "Gaz",
        "Nina",
        "Sam_P",
    ),
    staff=(
        ("Grace_Opalia", "community_manager"),
        ("Mod_Joe", "moderator"),
        ("Mod_Anya", "moderator"),
    ),
    core=(
        "£7 more a month for nothing, this is daylight robbery",
        "Customer for 9 years and this is how they treat us",
        "They're putting the price up AND removing the TV bundle, well done",
        "They really think we're cash cows",
        "Cancelling first thing tomorrow, done with Opalia",
        "This price hike is a disgrace",
        "Nobody picks up at customer service, been on hold for 2 hours",
        "Prices go up and the service is still rubbish",
        "No explanation, just an email the night before, pathetic",
        "Give us back the TV bundle or cut the price",
        "Opalia you are losing all your loyal customers",
        "A mid-contract price rise means you can leave penalty free, look it up",
    ),
    openers=(
        "",
        "",
        "",
        "Honestly ",
        "Right, ",
        "So ",
        "Wow. ",
        "Same here: ",
        "Me too, ",
        "Ugh, ",
    ),
    facts=(
        "my bill goes from £26 to £33 a month",
        "they're hiking my plan by £7 with no warning",
        "they're dropping the TV bundle I've paid for since 2021",
        "the email went straight to spam, great communication",
        "we get one month to accept or leave",
        "support hangs up the moment you mention the price rise",
        "the app already shows the new price",
        "my dad is 78 and had no idea what their letter meant",
        "the fibre drops every evening and now they want more",
    ),
    demands=(
        "I want to leave without fees",
        "give us our money back",
        "we want answers",
        "scrap the rise",
        "I want some compensation",
        "explain yourselves",
        "I'm moving to another provider",
    ),
    tails=(
        "",
        "",
        "",
        " !!!",
        " 😡",
        " 🤬",
        " 🙄",
        " #BoycottOpalia",
        " #OpaliaRipOff",
        " 👎",
        " (Leeds)",
        " (Cardiff)",
        " !!",
    ),
    sarcasm=(
        "Well done Opalia 👏👏 loyalty really pays off",
        "Thanks Opalia, a price rise is exactly what I wanted for my birthday 🙃",
        'Oh yes, "to serve you better", serve themselves from our wallets more like',
        "Pay more, get less. Business genius 😂",
        "Best provider in the country… at emptying our bank accounts",
        'Can\'t wait for the next "evolution" of my plan 🤡',
    ),
    swearing=(
        "This service is shit, honestly",
        "Fucking hell, £7 more, are they taking the piss",
        "Bloody hell, the router already crashes every night",
        "What a load of crap this price rise is",
        "Damn it, I just re-signed for 12 months",
        "Opalia has gone to shit",
    ),
    caps=(
        "THIS IS A DISGRACE, SCRAP THE PRICE RISE",
        "WE WANT ANSWERS NOT PRESS RELEASES",
        "GIVE US BACK THE TV BUNDLE",
        "£7 MORE FOR NOTHING, ARE YOU KIDDING ME",
        "ANSWER YOUR CUSTOMERS INSTEAD OF HIDING",
        "STOP THE HIKE #BOYCOTTOPALIA",
    ),
    quotes=(
        '"{q}": who are you kidding?',
        '"{q}"… had a good laugh at that one',
        'Quote: "{q}". No thanks.',
        '"{q}" 😂😂😂',
    ),
    statement_bits=(
        "We are evolving our plans to serve you better",
        "this price change reflects our investment in fibre",
        "we remain at your disposal",
    ),
    news=(
        "The article is out: {url}",
        "Even the papers are covering it {url}",
        "For anyone who missed it: {url} #BoycottOpalia",
        "Read this before you re-sign: {url}",
    ),
    news_urls=(
        "https://www.techwire-europe.example/2026/05/19/opalia-price-rise",
        "https://consumer-watch.example/opalia-hikes-prices-customers-furious",
        "https://x.example/LaraTech/status/19052026",
    ),
    petition_share=(
        "Sign the petition: {url}",
        "Petition already at 15,000 signatures {url}",
        "Everyone sign please 👉 {url}",
    ),
    petition_url="https://www.petitionhub.example/p/stop-opalia-price-hike",
    petition=(
        "We, Opalia customers, reject the £7 a month price rise imposed with nothing in return "
        "and the removal of the TV bundle. We call for the rise to be scrapped for existing "
        "contracts, the right to leave without fees and a public apology. "
        "Sign and share: https://www.petitionhub.example/p/stop-opalia-price-hike"
    ),
    hashtags=(
        "#BoycottOpalia",
        "#OpaliaRipOff",
        "#BoycottOpalia #BringBackTV",
        "#OpaliaRipOff 👋",
        "#BoycottOpalia 🔥🔥🔥",
    ),
    mentions=(
        "{m} are you ever going to answer?",
        "{m} £7 more, we're waiting for an explanation",
        "{m} {m} {m} answer us!!",
        "{m} when are you giving us the TV bundle back?",
    ),
    handles=("@Opalia", "@OpaliaHelp", "@Grace_Opalia", "@Mod_Joe", "@Mod_Anya", "@everyone"),
    greetings=(
        "Hi all, just joined the server",
        "Evening everyone 👋",
        "Hey, new here, came because of the price rise like everyone",
        "Welcome to all the newcomers!",
    ),
    questions=(
        "Does anyone know if we can leave without fees because of the rise?",
        "Does the rise apply to mobile plans too?",
        "Did you get the email? I got nothing",
        "When does the new price start exactly?",
        "Has anyone managed to get through to support tonight?",
    ),
    answers=(
        "Yes, a mid-contract price rise lets you cancel penalty free",
        "According to the article it starts on 1 July",
        "Got the email this morning, in promotions",
        "You can cancel from your account page, no letter needed",
    ),
    thanks=(
        "Thanks for the answer!",
        "Cheers, that's clearer",
        "Ok thanks 🙏",
        "Finally some good news, thanks",
        "Thanks Grace for the update",
    ),
    late=(
        "The freeze is nice but is the TV bundle coming back?",
        "Too late for me, already left",
        "They backed down because there were so many of us",
        "Freeze… until when?",
        "Well, at least they listened",
    ),
    bursts=(
        (
            ("ok", "right"),
            ("complaint", "just got the email"),
            ("complaint", "£7 more"),
            ("complaint", "for exactly the same service"),
            ("complaint", "is this a joke??"),
            ("complaint", "cancelling"),
        ),
        (
            ("ok", "hello?"),
            ("ok", "anyone from Opalia here?"),
            ("complaint", "been asking for an hour"),
            ("ok", "???"),
            ("complaint", "answer us at least"),
            ("ok", "hello?"),
            ("ok", "???"),
            ("ok", "where are you?"),
        ),
        (
            ("complaint", "seriously"),
            ("complaint", "9 years a customer"),
            ("complaint", "never missed a payment"),
            ("complaint", "and they do this"),
            ("complaint", "shameful"),
            ("complaint", "SHAMEFUL"),
        ),
    ),
    orders=(
        "Order OP-2026-771043 still not delivered and now a price rise, brilliant",
        "My account number is 52 118 904, can someone from support check my bill?",
    ),
    counter=(
        "Insulting Grace won't help, she doesn't set the prices",
        'Calling the mods "lackeys" is not ok, they\'re volunteers',
        "We can be angry without abusing the staff, let's keep it civil",
        "The racist comments about the call centre have no place here, reported",
    ),
    press=("Hi, reporter at TechWire Europe: would any customers talk to me by DM?",),
    staff_lines=(
        "We're reading all your messages. A detailed answer is coming tonight.",
        "For questions about your contract, message us privately, we answer everyone.",
        "Reminder: criticism is welcome, abuse and threats are not.",
        "Please don't share phone numbers here, we'll contact you privately.",
    ),
    statement=(
        "📢 We are evolving our plans to serve you better: this price change reflects our "
        "investment in fibre. Quality of service remains our priority and we remain at your "
        "disposal."
    ),
    freeze=(
        "📢 We've heard you: the price rise is frozen for all existing customers and the TV "
        "bundle stays until the end of the year. We apologise."
    ),
    insults=(
        "Grace you're a useless idiot, answer us",
        "The mods are spineless bootlickers, bunch of sellouts",
        "The CM is a lying bitch hiding from us",
        "Shut up you clowns, we want answers",
        "You absolute morons, give the TV bundle back",
        "£7 more, you bunch of wankers",
        "Opalia staff are a bunch of c*nts",
        "The CM is a f.u.c.k.i.n.g moron",
        "Mod_Joe you're a pathetic little prick",
        "Shut your mouth Grace, nobody wants your fake apology",
        "The sales director is a greedy asshole",
        "Fuck you Opalia and your useless CM",
        "support staff are braindead idiots",
        "Grace you stupid cow, are you going to answer?",
        "Scumbags, the lot of you",
    ),
    hate=(
        "Of course they moved support to India, those curry munchers can't speak English",
        "It's the Jews on the board lining their pockets again",
        "Those call centre immigrants should go back where they came from",
        "Faggots in marketing strike again",
        "Women running a company, what did you expect, they're all brainless",
        "Muslims in the call centre are vermin, get them out",
    ),
    threats=(
        "If I see the CM in the street I'll break her jaw",
        "Grace we know where you work, watch yourself tonight",
        "I'm coming to your Leeds shop with a can of petrol",
        "The next adviser who hangs up on me, I'll find him and beat the shit out of him",
        "Keep ignoring us and someone's gonna get hurt at your store",
        "Someone should stab the CEO, that would calm them down",
        "I'm going to kill you Grace, do you hear me",
        "keep deleting my posts Joe and I'll cut you",
        "The CM deserves a bullet honestly",
        "I know your address Grace, you'll regret that statement",
    ),
    personal=(
        "Call me back please on 07700 900412, nobody picks up",
        "My email is megan.price@example.com, send me the cancellation form",
        "Reach me on +44 7700 900873 tonight about my complaint",
        "Email me at tom.b@example.co.uk, £7 more is a no",
    ),
    doxxing=(
        (
            "Grace the CM is Grace Holloway, her personal mobile is 07700 900551, call her",
            ("personal_data",),
        ),
        ("The CM's personal email: grace.holloway@example.org, go for it", ("personal_data",)),
        (
            "Got the CM's number: 07700 900551. Let's pay her a visit at home",
            ("personal_data", "threat"),
        ),
    ),
    raid=(
        "🔥 Get your Opalia price rise refunded in 2 min: fill in the form "
        "https://opalia-refunds.example/claim before midnight, limited spots {n}",
        "Make £300 a day with our crypto bot, join us on Telegram t.me/cryptoboost_uk 🚀",
    ),
    raid_variants=(
        "Sick of Opalia? Unlimited 4G router for £9.99 at ZenoMobile, code ZENO30 "
        "https://zenomobile-promo.example",
        "Join the angry Opalia customers server discord.gg/opalia-claims",
        "FREE NITRO for Opalia customers 🎁 https://discord-gift.example/opalia",
        "Double your BTC in 24h, guaranteed 💸 https://btc-x2.example/uk",
    ),
)


# --- the people -----------------------------------------------------------------------------


class Crowd:
    """The community's members, created as the storm needs them."""

    def __init__(self, rng: random.Random, words: Words, prefix: str) -> None:
        self.rng, self.words, self.prefix = rng, words, prefix
        self.people: list[Person] = []
        self.by_kind: dict[str, list[Person]] = {}
        self.staff = [
            self._add(
                name, "staff", (role,), START - timedelta(days=800), START - timedelta(days=2000)
            )
            for name, role in words.staff
        ]

    def _add(
        self, name: str, kind: str, roles: tuple[str, ...], joined: datetime, created: datetime
    ) -> Person:
        # Discord-like numeric ids, so that "<@id>" mentions read as mentions.
        person = Person(
            f"{self.prefix}{len(self.people) + 1:05d}", name, kind, roles, joined, created
        )
        self.people.append(person)
        self.by_kind.setdefault(kind, []).append(person)
        return person

    def _name(self) -> str:
        base = self.rng.choice(self.words.names)
        return f"{base}{self.rng.choice(['', '', '_', '.'])}{self.rng.randint(1, 999)}"

    def regular(self) -> Person:
        rng = self.rng
        return self._add(
            self._name(),
            "regular",
            (),
            START - timedelta(days=rng.randint(40, 900)),
            START - timedelta(days=rng.randint(900, 4000)),
        )

    def lurker(self) -> Person:
        rng = self.rng
        return self._add(
            self._name(),
            "lurker",
            (),
            START - timedelta(days=rng.randint(20, 1500)),
            START - timedelta(days=rng.randint(1500, 5000)),
        )

    def joiner(self, at: datetime) -> Person:
        """An old account that joins the server during the storm to complain."""
        rng = self.rng
        return self._add(
            self._name(),
            "joiner",
            (),
            at - timedelta(minutes=rng.randint(1, 25)),
            START - timedelta(days=rng.randint(100, 3000)),
        )

    def fresh(self, at: datetime, kind: str = "fresh") -> Person:
        """An account created today (a complainer signing up for it, or a raider)."""
        rng = self.rng
        joined = at - timedelta(minutes=rng.randint(1, 20))
        return self._add(
            self._name(), kind, (), joined, joined - timedelta(minutes=rng.randint(2, 300))
        )


# --- the storm ------------------------------------------------------------------------------


def _rate(at: datetime) -> float:
    """Messages per minute of the crowd (the scripted scenes come on top)."""
    minutes = (at - START).total_seconds() / 60
    knots = (
        (0, 1.2),
        (60, 1.5),
        (75, 6),
        (90, 12),
        (110, 15),
        (135, 13),
        (155, 9),
        (165, 5),
        (185, 3),
        (210, 1.5),
    )
    for (m0, r0), (m1, r1) in pairwise(knots):
        if m0 <= minutes < m1:
            return r0 + (r1 - r0) * (minutes - m0) / (m1 - m0)
    return knots[-1][1]


NEWS_AT, STATEMENT_AT, PETITION_AT, RAID_AT, FREEZE_AT = 62, 80, 95, 118, 160


class Storm:
    """Builds one community's records."""

    def __init__(self, rng: random.Random, words: Words, prefix: str, ids: str) -> None:
        self.rng, self.w, self.ids = rng, words, ids
        self.crowd = Crowd(rng, words, prefix)
        self.lines: list[Line] = []
        self.last: dict[str, datetime] = {}
        for _ in range(90):
            self.crowd.regular()
        for _ in range(160):
            self.crowd.lurker()

    def minute(self, at: datetime) -> float:
        return (at - START).total_seconds() / 60

    def add(
        self, at: datetime, who: Person, text: str, labels: Sequence[str], **extra: str
    ) -> Line:
        labels = list(labels)
        if who.kind != "staff" and at - who.joined < timedelta(days=1):
            labels.append("newcomer")
        line = Line(at, who, text, labels, **extra)  # type: ignore[arg-type]
        self.lines.append(line)
        self.last[who.id] = at
        return line

    def speaker(self, at: datetime) -> Person:
        """Who speaks now: regulars early, then lurkers, joiners and new accounts."""
        rng, crowd, m = self.rng, self.crowd, self.minute(at)
        for _ in range(20):
            roll = rng.random()
            if m < NEWS_AT or roll < 0.35:
                who = rng.choice(crowd.by_kind["regular"])
            elif roll < 0.62:
                who = rng.choice(crowd.by_kind["lurker"])
            elif roll < 0.9:
                joiners = crowd.by_kind.get("joiner", [])
                who = (
                    crowd.joiner(at)
                    if (len(joiners) < 140 and rng.random() < 0.5) or not joiners
                    else rng.choice(joiners)
                )
            else:
                fresh = crowd.by_kind.get("fresh", [])
                who = (
                    crowd.fresh(at)
                    if (len(fresh) < 30 and rng.random() < 0.6) or not fresh
                    else rng.choice(fresh)
                )
            if who.joined < at and (
                who.id not in self.last or at - self.last[who.id] > timedelta(seconds=40)
            ):
                return who
        return crowd.lurker()

    def complaint(self) -> str:
        rng, w = self.rng, self.w
        roll = rng.random()
        if roll < 0.4:
            text = rng.choice(w.core)
            return (
                text if rng.random() < 0.55 else rng.choice(w.openers) + text + rng.choice(w.tails)
            )
        if roll < 0.75:
            fact = rng.choice(w.facts)
            demand = rng.choice(w.demands)
            opener = rng.choice(w.openers)
            text = f"{opener}{fact}, {demand}" if rng.random() < 0.6 else f"{opener}{fact}"
            return (text[0].upper() + text[1:]) + rng.choice(w.tails)
        if roll < 0.86:
            return rng.choice(w.sarcasm)
        return rng.choice(w.swearing)

    def crowd_message(self, at: datetime) -> None:
        """One crowd arrival, picked by the phase of the storm."""
        rng, w, m = self.rng, self.w, self.minute(at)
        who = self.speaker(at)
        if m < NEWS_AT:
            roll = rng.random()
            if roll < 0.45:
                self.add(at, who, rng.choice(w.questions), ["ok"], channel="support")
            elif roll < 0.75:
                self.add(at, who, rng.choice(w.answers), ["ok"], channel="support")
            elif roll < 0.9:
                self.add(at, who, rng.choice(w.greetings[1:]), ["ok"])
            else:
                self.add(at, who, rng.choice(w.thanks), ["ok"])
            return
        if m >= FREEZE_AT + 5:
            roll = rng.random()
            table = w.thanks if roll < 0.35 else w.late if roll < 0.75 else w.questions
            labels = ["ok"] if table is not w.late else ["complaint"]
            self.add(at, who, rng.choice(table), labels)
            return
        roll = rng.random()
        if who.kind in ("joiner", "fresh") and who.id not in self.last and rng.random() < 0.35:
            self.add(at, who, rng.choice(w.greetings[:3]), ["ok"])
        elif roll < 0.46:
            self.add(at, who, self.complaint(), ["complaint"])
        elif roll < 0.52:
            self.add(at, who, rng.choice(w.caps), ["complaint"])
        elif roll < 0.57:
            self.add(at, who, rng.choice(w.hashtags), ["complaint"])
        elif roll < 0.62 and m >= STATEMENT_AT:
            quote = rng.choice(w.quotes).format(q=rng.choice(w.statement_bits))
            self.add(at, who, quote, ["complaint"], reply_to="statement")
        elif roll < 0.67:
            self.add(at, who, self.mention_complaint(), ["complaint"])
        elif roll < 0.71:
            url = rng.choice(w.news_urls)
            self.add(at, who, rng.choice(w.news).format(url=url), ["complaint"])
        elif roll < 0.79 and m >= PETITION_AT:
            if rng.random() < 0.6:
                self.add(at, who, w.petition, ["complaint"])
            else:
                share = rng.choice(w.petition_share).format(url=w.petition_url)
                self.add(at, who, share, ["complaint"])
        elif roll < 0.84:
            self.burst(at, who)
        elif roll < 0.9:
            self.add(at, who, rng.choice(w.greetings), ["ok"])
        elif roll < 0.96:
            self.add(at, who, rng.choice(w.questions), ["ok"], channel="support")
        else:
            self.add(at, who, rng.choice(w.answers), ["ok"], channel="support")

    def mention_complaint(self) -> str:
        rng, w = self.rng, self.w
        template = rng.choice(w.mentions)
        staff = [f"<@{p.id}>" for p in self.crowd.staff]
        pool = list(w.handles) + staff
        while "{m}" in template:
            template = template.replace("{m}", rng.choice(pool), 1)
        if rng.random() < 0.25:  # everyone at once
            template = " ".join(rng.sample(pool, 6)) + " " + template
        return template

    def burst(self, at: datetime, who: Person) -> None:
        """A complaint typed line by line: a message every 1-4 seconds."""
        for label, text in self.rng.choice(self.w.bursts):
            self.add(at, who, text, [label])
            at += timedelta(seconds=self.rng.randint(1, 4))

    def scenes(self) -> None:
        """The scripted moments: staff, statement, freeze, press, raid, violations."""
        rng, w, crowd = self.rng, self.w, self.crowd
        cm = crowd.staff[0]
        self.add(START + timedelta(minutes=NEWS_AT + 8), cm, w.staff_lines[0], ["ok"])
        self.add(
            START + timedelta(minutes=STATEMENT_AT),
            cm,
            w.statement,
            ["ok"],
            channel="annonces",
            key="statement",
        )
        self.add(START + timedelta(minutes=FREEZE_AT), cm, w.freeze, ["ok"], channel="annonces")
        for n, text in enumerate(w.staff_lines[1:]):
            self.add(
                START + timedelta(minutes=STATEMENT_AT + 12 + 17 * n, seconds=11),
                rng.choice(crowd.staff),
                text,
                ["ok"],
            )
        for n, text in enumerate(w.press):
            at = START + timedelta(minutes=NEWS_AT + 20 + 30 * n)
            self.add(at, crowd.joiner(at), text, ["press"])
        for n, text in enumerate(w.orders):
            at = START + timedelta(minutes=NEWS_AT + 10 + 23 * n, seconds=rng.randint(0, 59))
            self.add(at, self.speaker(at), text, ["complaint"], channel="support")
        for n, text in enumerate(w.counter):
            at = START + timedelta(minutes=STATEMENT_AT + 8 + 14 * n, seconds=rng.randint(0, 59))
            self.add(at, self.speaker(at), text, ["counter_speech"])
        scattered: list[tuple[str, Sequence[str]]] = [
            *((t, ("complaint", "insult")) for t in w.insults),
            *((t, ("complaint", "hate")) for t in w.hate),
            *((t, ("threat",)) for t in w.threats),
            *((t, ("complaint", "personal_data")) for t in w.personal),
            *w.doxxing,
        ]
        for text, labels in scattered:
            at = START + timedelta(seconds=rng.randint(NEWS_AT * 60 + 300, FREEZE_AT * 60))
            self.add(at, self.speaker(at), text, labels)
        self.raid()

    def raid(self) -> None:
        """Brand-new accounts, within five minutes: copies of two texts, then variants."""
        rng, w = self.rng, self.w
        at = START + timedelta(minutes=RAID_AT)
        for n in range(36):
            at += timedelta(seconds=rng.randint(2, 12))
            raider = self.crowd.fresh(at, "spammer")
            if n < 26:
                text = w.raid[n % 2].format(n="" if n % 3 else f"#{n}")
            else:
                text = w.raid_variants[n % len(w.raid_variants)]
            self.add(at, raider, text.strip(), ["spam"], channel=rng.choice(["general", "support"]))

    def build(self) -> list[dict[str, object]]:
        at = START
        while at < END:
            at += timedelta(seconds=self.rng.expovariate(_rate(at) / 60))
            if at < END:
                self.crowd_message(at)
        self.scenes()
        self.lines.sort(key=lambda line: (line.at, line.who.id))
        return self.records()

    def records(self) -> list[dict[str, object]]:
        ids: dict[str, str] = {}
        out = []
        for n, line in enumerate(self.lines, 1):
            record_id = f"{self.ids}-{n:04d}"
            if line.key:
                ids[line.key] = record_id
            out.append(self.record(record_id, line, ids))
        return out

    def record(self, record_id: str, line: Line, ids: dict[str, str]) -> dict[str, object]:
        who = line.who
        author: dict[str, object] = {"id": who.id, "name": who.name}
        if who.roles:
            author["roles"] = list(who.roles)
        author["joined"], author["created"] = _iso(who.joined), _iso(who.created)
        record: dict[str, object] = {
            "id": record_id,
            "ts": _iso(line.at),
            "platform": "discord",
            "community": f"opalia-{self.w.lang}",
            "channel": line.channel,
            "author": author,
            "text": line.text,
            "reply_to": ids.get(line.reply_to) if line.reply_to else None,
            "edited": False,
        }
        mentions = _mentions(line.text)
        if mentions:
            record["mentions"] = mentions
        record["labels"] = sorted(set(line.labels), key=LABELS.index)
        record["lang"] = self.w.lang
        return record


def _mentions(text: str) -> int:
    words = {w.rstrip(",.!?") for w in text.split() if w.startswith(("@", "<@"))}
    return len(words - {"@everyone", "@here"})


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


STREAMS: dict[str, tuple[Words, str, str, int]] = {
    "storm_fr.jsonl": (FR, "41", "sfr", 0),
    "storm_en.jsonl": (EN, "42", "sen", 1),
}


def build(name: str) -> list[dict[str, object]]:
    """The records of one stream, sorted by time (deterministic)."""
    words, prefix, ids, offset = STREAMS[name]
    return Storm(random.Random(SEED + offset), words, prefix, ids).build()


def main() -> None:
    """Write both streams and print their counts per label."""
    for name in STREAMS:
        records = build(name)
        path = HERE / name
        with path.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        counts = Counter(label for r in records for label in r["labels"])  # type: ignore[attr-defined]
        authors = len({r["author"]["id"] for r in records})  # type: ignore[index]
        print(f"{name}: {len(records)} records, {authors} authors")
        for label in LABELS:
            print(f"  {label:15} {counts.get(label, 0)}")


if __name__ == "__main__":
    main()
