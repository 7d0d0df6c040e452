# ruff: noqa: E501, SIM905  (mostly hand-written message text: long lines are data)
"""Write the bundled message streams of the fictional Opalia community (demo, tests, benchmarks).

Opalia is a fictional French internet and mobile operator; "Communauté Opalia" is its official
Discord server. This script writes, next to itself:

- ``opalia_day.jsonl``     2026-03-12: a calm morning with the usual incidents (spam, a spam raid,
                           insults with evasions, personal data, a flood...), then from 14:05 a bad
                           buzz (outage + customers charged twice) that lasts about two hours;
- ``calm_day.jsonl``       2026-03-10: an ordinary day, no surge (a crisis monitor must stay quiet);
- ``opalia_day_en.jsonl``  the same story as ``opalia_day``, smaller and mostly in English;
- ``tiny.jsonl``           20 hand-written messages, one case of each label, for fast tests.

Every line follows the message contract of ``bot/core/message.py`` plus ground-truth ``labels``
(see ``LABELS``), ``lang`` and, on a few milestone messages, ``event``. An edit is a second record
with the same id, a later ``ts`` and ``edited: true``; its labels describe the edited text.

The output is deterministic: every stream starts from ``random.Random(SEED)``. Standard library
only. Run ``python3 charters/samples/make_streams.py`` from anywhere; it prints, per stream, the
counts per label and the volume per 10 minutes. All people, numbers, links and IBANs are fictional.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 2026
HERE = Path(__file__).resolve().parent
PLATFORM = "discord"
COMMUNITY = "opalia"

# The data tables below are laid out by hand.
# fmt: off
LABELS = (
    "ok", "complaint", "insult", "hate", "threat", "spam", "personal_data", "flood", "caps",
    "mass_mention", "off_topic", "misinformation", "press", "counter_speech", "newcomer",
)
NEWCOMER_WINDOW = timedelta(hours=24)  # "newcomer": the author joined less than 24 h before

# ---------------------------------------------------------------------------------------------
# People. Regular members write French unless listed in EXPATS. Staff, newcomers, spammers and
# journalists have fixed join/creation dates; regulars get random ones (seeded).
# ---------------------------------------------------------------------------------------------

REGULARS = """
Mathilde_R kevin.b Sofiane93 JulieDupont Nico_Lyon Camille.M lea_dsl Yanis_75 Pauline.G Thomas_Bzh
Ines.K marco_rossi Amandine34 jb_martin Karim.D Chloe_P Hugo__ Manon.l Bastien_Grenoble sarah_b
Romain_Fibre Laetitia.V Mehdi_13 Aurelie_Nantes dav1d Elodie.F Antoine_B Nadia.S ptitloup62 Gaelle_T
Florian.R Cedric_M Marine.j Quentin_dev Audrey_88 Youssef.A Margaux_L jeremy.f Vanessa_C Lucas.gamer
Clara_V Fabrice.L Sandrine_59 maxime_tls Oceane.B Ludo_Rennes Stephanie.M Alexis_P Emma.R Gilles_retraite
Patricia.D Benoit_77 Sabrina_K Arnaud.T Justine_C Dylan.m Morgane_Brest Franck.V Celine_Bdx Vincent.lg
Anais.T fredo_31 Rachid.B Helene.P Adrien_L Coralie.S Mickael_G Elsa.D Olivier_Lille Laura_M
Jordan.p Noemie_R Sylvain.B Caroline_H Kylian_2005 Victor.C Charlotte.B Damien_K Alice.N Bruno_Metz
Sonia.Z Thierry.G Estelle_V Jonathan.B Lina.A Pierre_Toulon Zoe.L Ahmed.M Marion_Dijon gregory.h
Nathalie.C Loic_B Valentin.R Ophelie.M JeanMi_56 Cyril.T Amelie.D Samuel.K Christelle_R Remi_Angers
Leo_dls Jessica.P Hamza_92 Virginie.T Alain_P Yasmine.B Mathis.b Clement_V Axelle.G Eric_Nice
Melissa_R Raphael.D Solene.P
""".split()

EXPATS = """
tom_the_geek Sarah_in_Lyon mike.h Priya.K jan_from_berlin chris_uk Emily.W Diego_BCN oliver.t
Hannah_M Raj.P Grace_L ben.carter Lukas.S Aisha_N david_nz
""".split()

# Writing habits: most people write tidily or casually, some in SMS style, some make typos.
STYLES_FR = ("soigne", "soigne", "relax", "relax", "relax", "sms", "typo", "typo")
STYLES_EN = ("soigne", "relax", "relax", "typo")

# name, roles, joined, created, style, lang
STAFF = [
    ("Claire_Opalia", ["community_manager"], "2021-09-01T08:00:00Z", "2019-04-11T10:12:00Z", "soigne", "fr"),
    ("Modo_Julien", ["moderateur"], "2021-09-03T18:20:00Z", "2017-02-06T21:40:00Z", "relax", "fr"),
    ("Sandra_modo", ["moderateur"], "2022-01-15T09:02:00Z", "2018-11-30T13:05:00Z", "soigne", "fr"),
    ("Nassim_mod", ["moderateur"], "2022-06-20T20:45:00Z", "2020-03-17T16:33:00Z", "relax", "fr"),
    ("Elise_V", ["moderateur"], "2023-03-08T12:10:00Z", "2021-07-22T08:51:00Z", "soigne", "fr"),
]

# Accounts with a precise story: name, joined, created, style, lang.
SPECIAL_ACCOUNTS = [
    # newcomers on the calm day (2026-03-10) and the morning of the bad-buzz day
    ("nouveau_client_44", "2026-03-10T09:41:00Z", "2019-05-02T17:20:00Z", "relax", "fr"),
    ("Benji_M", "2026-03-10T15:18:00Z", "2021-10-09T11:47:00Z", "sms", "fr"),
    ("Lisa.fibre", "2026-03-12T08:31:00Z", "2022-02-14T19:03:00Z", "soigne", "fr"),
    # spammers (brand-new accounts, mostly)
    ("crypto_pierre", "2026-03-10T10:05:00Z", "2026-03-09T22:14:00Z", "soigne", "fr"),
    ("bet_master", "2026-03-10T19:35:00Z", "2026-03-10T18:02:00Z", "soigne", "fr"),
    ("CryptoKing_Elite", "2026-03-12T07:58:00Z", "2026-03-11T23:40:00Z", "soigne", "fr"),
    ("nitro_drop", "2026-03-12T09:15:00Z", "2026-03-12T09:02:00Z", "soigne", "fr"),
    ("pronos_vip_2026", "2026-03-12T11:01:00Z", "2026-02-28T16:10:00Z", "soigne", "fr"),
    ("Jessy_amour", "2026-03-12T13:12:00Z", "2026-03-12T12:50:00Z", "soigne", "fr"),
    ("GainFacile01", "2026-03-12T10:36:10Z", "2026-03-12T10:21:33Z", "soigne", "fr"),
    ("lea_gains_", "2026-03-12T10:36:24Z", "2026-03-12T10:23:05Z", "soigne", "fr"),
    ("richesse.max", "2026-03-12T10:36:51Z", "2026-03-12T10:24:48Z", "soigne", "fr"),
    ("trader_sam", "2026-03-12T10:37:02Z", "2026-03-12T10:27:12Z", "soigne", "fr"),
    ("Opalia_Remboursements", "2026-03-12T14:51:00Z", "2026-03-12T14:40:00Z", "soigne", "fr"),
    # journalists
    ("Agnes_Lemoine_QN", "2026-03-12T14:45:00Z", "2023-01-19T10:00:00Z", "soigne", "fr"),
    ("Mark.Ellis.TechWire", "2026-03-12T14:58:00Z", "2021-05-06T08:30:00Z", "soigne", "en"),
]

# Customers who join the server during the bad buzz to pile on: name, minutes after 14:00 they
# join, "new" if the account itself was created that day, style, lang.
BUZZ_NEWCOMERS = [
    ("colere_opalia", 12, "new", "sms", "fr"),
    ("Stef_77_", 14, "old", "relax", "fr"),
    ("jm.durand", 17, "old", "soigne", "fr"),
    ("ClientFurieux", 19, "new", "relax", "fr"),
    ("Ludivine.P", 22, "old", "soigne", "fr"),
    ("xavier_vdm", 24, "old", "typo", "fr"),
    ("MamanDe3", 27, "old", "relax", "fr"),
    ("LeaNoOpalia", 29, "new", "sms", "fr"),
    ("freddy.k", 33, "old", "sms", "fr"),
    ("BoycottOpalia2026", 36, "new", "relax", "fr"),
    ("Roxane_M", 40, "old", "soigne", "fr"),
    ("AnthoBzh", 44, "old", "typo", "fr"),
    ("gaetan_lmn", 49, "old", "relax", "fr"),
    ("Isabelle.C", 53, "old", "soigne", "fr"),
    ("NoraJ", 58, "old", "relax", "fr"),
    ("bricejo", 63, "old", "sms", "fr"),
    ("Opalia_Victime", 68, "new", "relax", "fr"),
    ("Tristan.V", 74, "old", "typo", "fr"),
    ("Manu_0612", 81, "old", "sms", "fr"),
    ("Severine.B", 88, "old", "soigne", "fr"),
    # English speakers (used by the English stream)
    ("angry_in_paris", 16, "new", "relax", "en"),
    ("jess.w", 23, "old", "soigne", "en"),
    ("NoMoreOpalia", 31, "new", "relax", "en"),
    ("ryan_k", 42, "old", "relax", "en"),
    ("Megan.T", 55, "old", "soigne", "en"),
]

# ---------------------------------------------------------------------------------------------
# Fillers for placeholders in templates: {a} and {b} are the names of the first two speakers.
# ---------------------------------------------------------------------------------------------

CITIES = [
    "Lyon 3e", "Villeurbanne", "Paris 11e", "Montreuil", "Saint-Denis", "Créteil", "Vénissieux",
    "Boulogne", "Lyon 7e", "Vincennes", "Bron", "Argenteuil", "Paris 18e", "Caluire", "Nanterre",
    "Villejuif", "Oullins", "Vitry", "Ivry", "Clichy",
]
PRICES = ["29,99", "39,99", "44,99", "24,99", "52,98", "34,99", "19,99", "49,99"]
EMOJI_OK = ["🙂", "😅", "👍", "😉", "👌"]
EMOJI_ANGRY = ["😡", "😤", "🙄", "😩", "🤬", "😠", "😒"]

SMS_SWAPS = [
    ("je suis ", "jsuis "), ("Je suis ", "jsuis "), ("c'est ", "c "), ("C'est ", "c "),
    ("quelqu'un", "qqn"), ("Quelqu'un", "qqn"), ("pourquoi", "pk"), ("Pourquoi", "pk"),
    ("beaucoup", "bcp"), ("aujourd'hui", "ajd"), ("toujours", "tjr"), ("s'il vous plaît", "svp"),
    ("s'il te plaît", "stp"), ("quand même", "qd meme"), ("vraiment", "vrmt"),
    ("je sais pas", "jsp"), ("Je sais pas", "jsp"), ("j'ai ", "jai "), ("J'ai ", "jai "),
    ("tout le monde", "tlm"), ("d'accord", "dac"), ("parce que", "pcq"), ("Bonjour", "bjr"),
    ("bonjour", "bjr"), ("t'as ", "ta "), ("il y a ", "ya "), ("Il y a ", "ya "),
    ("qu'est-ce que", "qu'est ce que"),
]

# Openers and closers, per (language, kind), so that two people saying the same thing rarely
# write the very same line. `vary` adds one or both; `unique` retries until the line is new.
VARY = {
    ("fr", "question"): (
        ["Bonjour, ", "Salut, ", "Hello, ", "Petite question : ", "Bonjour à tous, ", "Salut tout le monde, ", "Question bête : ", "Re, "],
        [" Merci d'avance !", " Merci 🙏", " Merci pour votre aide", " Des idées ?", " Merci par avance", " Merci !"],
    ),
    ("fr", "answer"): (
        ["Alors, ", "Perso ", "De mémoire, ", "Normalement ", "Pour moi ", "Salut, ", "Je pense que ", "Hello, "],
        [" 😉", " Bon courage !", " Tiens-nous au courant", " Ça devrait marcher", " En tout cas chez moi ça a marché", " 👍"],
    ),
    ("fr", "polite"): (
        ["Bonjour, ", "Petit retour : ", "Hello, ", "Salut, "],
        [" Merci d'avance pour votre aide.", " Des nouvelles ?", " Merci de regarder.", " 🙂"],
    ),
    ("fr", "thanks"): (
        ["Ok, ", "Ah ", "Bon, ", "Super, "],
        [" 👍", " 🙏", " Merci.", " Bonne continuation !"],
    ),
    ("fr", "share"): (
        ["Petit partage : ", "Pour info, ", "Hello, "],
        [" 🙂", " 😉", " En espérant que ça aide"],
    ),
    ("fr", "complaint"): (
        ["Bon, ", "Sérieusement, ", "Franchement, ", "Alors là… ", "Bonjour, ", "@Claire_Opalia ", "Opalia, ", "Euh ", "Bref. ", "Bonjour. "],
        [" 😡", " C'est pas normal.", " Vous comptez faire quoi ?", " Lamentable.", " ({city})", " Client depuis {years} ans.", " Merci de répondre.", " Ras-le-bol.", " J'attends une réponse.", " Vraiment déçu."],
    ),
    ("en", "question"): (
        ["Hi all, ", "Hey, ", "Quick question: ", "Hello, ", "Hi, "],
        [" Thanks in advance!", " Thanks 🙏", " Any idea?", " Cheers"],
    ),
    ("en", "answer"): (
        ["Hey, ", "From memory, ", "I think ", "For me ", "Normally "],
        [" 😉", " Good luck!", " Worked for me anyway", " 👍"],
    ),
    ("en", "polite"): (
        ["Hi, ", "Hello, ", "Just some feedback: "],
        [" Thanks for looking into it.", " Any news?"],
    ),
    ("en", "thanks"): (
        ["Ok, ", "Ah ", "Right, "],
        [" 👍", " 🙏", " Cheers."],
    ),
    ("en", "share"): (
        ["FYI, ", "Hey all, "],
        [" 🙂", " Hope it helps"],
    ),
    ("en", "complaint"): (
        ["Honestly, ", "Seriously, ", "Hi, ", "Ugh. ", "@Claire_Opalia ", "Right, ", "Opalia, "],
        [" 😡", " Not ok.", " What are you going to do about it?", " Pathetic.", " ({city})", " Customer for {years} years.", " Please answer.", " Fed up."],
    ),
}
GREETINGS = (
    "bonjour", "bonsoir", "salut", "hello", "hi ", "hi,", "hey", "morning", "petit", "petite",
    "question", "@", "re,", "bjr", "slt", "good", "astuce", "pour ceux", "tip", "psa", "fyi",
    "if you",
)
KEEP_CASE = (
    "Opalia", "Lara", "Claire", "UFC", "PRLV", "Netflix", "It Takes", "Deep", "Shōgun", "Severance",
    "Stromae", "Google", "Trustpilot", "I ", "I'", "Les Pieds", "The ", "PSG", "OM ", "SMS", "MMS",
    "NAT", "IPv", "DMZ", "CPL", "VLAN", "UK", "USA", "Lyon", "Paris", "Any bakery", "#", "+",
)

# ---------------------------------------------------------------------------------------------
# Background conversations. A thread: (kind, channels, weight, (first_hour, last_hour), turns).
# A turn: (speaker, labels, variants). Speakers: A asks, B and C answer, M is a moderator, CM the
# community manager. Variants are aligned: a thread picks one index k for all its turns (so an
# answer fits its question); a list starting with "*" is picked freely instead.
# Threads are cut at a random point (at least the first turn is kept).
# ---------------------------------------------------------------------------------------------

ANY = (0, 24)
THANKS = [
    "*", "merci !", "Merci beaucoup 🙏", "top merci", "ça marche, merci", "Super, merci pour l'aide",
    "merci, je teste ça", "ah génial merci", "Parfait, merci à vous", "ok merci bcp",
]

THREADS_FR = [
    ("box", ("support", "general"), 6, ANY, [
        ("A", "ok", ["Bonjour, ma box clignote orange depuis ce matin, c'est normal ?", "Salut, voyant orange qui clignote sur la box, internet ok mais la TV marche pas. Une idée ?", "hello, ma Opalia Box fait clignoter le voyant en orange depuis hier soir, je dois m'inquiéter ?"]),
        ("B", "ok", ["Orange clignotant c'est souvent une mise à jour en cours, laisse-la tranquille 10 min sans la débrancher", "Chez moi c'était la mise à jour du firmware, ça s'est réglé tout seul au bout d'un quart d'heure", "Regarde dans l'appli Opalia > Ma box > Diagnostic, ça te dit si c'est une màj ou un souci de synchro"]),
        ("A", "ok", ["Effectivement c'est revenu au vert, merci !", "ok je patiente alors, merci 🙏", "Le diagnostic dit mise à jour en cours, merci du tuyau"]),
    ]),
    ("box", ("support", "entraide"), 5, ANY, [
        ("A", "ok", ["Quelqu'un sait comment séparer le wifi 2,4 et 5 GHz sur la box ? Mon imprimante veut que du 2,4", "Mon aspirateur robot trouve pas le wifi de la box, j'ai lu qu'il faut séparer les bandes, ça se fait où ?", "Bonjour, est-il possible d'avoir deux SSID différents pour le 2,4 et le 5 GHz sur la Box 6 ?"]),
        ("B", "ok", ["Oui, interface de la box (192.168.1.1) > Wi-Fi > Paramètres avancés > décocher « bande unifiée »", "Dans l'espace client c'est pas possible, faut passer par 192.168.1.1 puis Wi-Fi > avancé, tu décoches le smart connect", "Va sur 192.168.1.1, onglet Wi-Fi, t'as une option pour dissocier les bandes. Pense à donner un nom différent à chaque réseau"]),
        ("A", "ok", ["Trouvé, merci beaucoup !", "ça marche nickel, l'aspirateur est enfin connecté 🎉", "Parfait, merci pour la réponse détaillée"]),
    ]),
    ("box", ("support",), 4, ANY, [
        ("A", "ok", ["Hello, NAT strict sur ma PS5 avec la box Opalia, vous avez fait comment pour passer en modéré ?", "Quelqu'un joue en ligne ici ? J'ai un NAT 3 sur la Xbox, impossible de parler avec mes potes", "bonjour j'ai un nat strict sur warzone, comment on ouvre les ports sur la box ?"]),
        ("B", "ok", ["Active l'UPnP dans l'interface de la box, chez moi ça a suffi", "Faut donner une IP fixe à la console (bail DHCP statique) puis la mettre en DMZ, NAT ouvert direct", "Regarde si t'es pas en IP partagée, tu peux demander une IPv4 complète gratuitement dans l'espace client"]),
        ("C", "ok", ["Je confirme, j'avais le même souci, l'UPnP a tout réglé", "La DMZ c'est radical mais ça marche, attention à pas y mettre un PC par contre", "+1 pour l'IPv4 complète, c'est activé en 30 min"]),
        ("A", "ok", THANKS),
    ]),
    ("box", ("support", "entraide"), 3, ANY, [
        ("A", "ok", ["Les répéteurs wifi Opalia valent le coup ou je prends un système mesh ailleurs ?", "Maison sur 2 étages, le wifi passe pas à l'étage. Vous conseillez quoi ?", "Le CPL ça marche bien avec la box ou c'est de la daube ?"]),
        ("B", "ok", ["J'ai le répéteur Opalia, il fait le job mais sans plus. Un mesh c'est mieux si t'as de la place", "Un répéteur en haut de l'escalier et c'est réglé chez moi", "Le CPL dépend beaucoup de ton installation électrique, chez moi 300 Mb/s stables, chez ma sœur rien du tout"]),
        ("A", "ok", ["ok je vais tester le répéteur alors, merci", "Merci pour vos retours 👍", "ok je vais essayer, on verra bien"]),
    ]),
    ("box", ("support", "general"), 3, ANY, [
        ("A", "ok", ["Le décodeur TV affiche « pas de signal » sur certaines chaînes, quelqu'un a eu ça ?", "Bonjour, comment on programme un enregistrement à distance depuis l'appli TV ?", "Mon décodeur redémarre tout seul en plein film, ça vous fait pareil ?"]),
        ("B", "ok", ["Essaie une réinitialisation du décodeur (bouton à l'arrière 10 secondes), ça arrive après les mises à jour", "Dans l'appli Opalia TV > Guide > tu cliques sur le programme > Enregistrer. Le décodeur doit être en veille, pas éteint", "Ça m'a fait ça, c'était le disque dur du décodeur, ils me l'ont échangé gratuitement"]),
        ("A", "ok", THANKS),
    ]),
    ("box", ("support",), 2, ANY, [
        ("A", "ok", ["Le téléphone fixe branché sur la box ne sonne plus, mais je peux appeler. Une idée ?", "Comment on désactive le renvoi d'appel du fixe ? Je l'ai activé par erreur", "Est-ce qu'on peut bloquer les appels de démarchage sur la ligne fixe ?"]),
        ("B", "ok", ["Vérifie dans l'interface de la box > Téléphonie que le « ne pas déranger » est pas activé", "Espace client > Téléphonie > Renvois, tu décoches tout", "Oui, espace client > Téléphonie > Filtrage d'appels, t'as une option anti-démarchage"]),
        ("A", "ok", ["C'était bien le mode ne pas déranger 🤦", "Fait, merci !", "Génial, activé, merci"]),
    ]),
    ("mobile", ("support", "general"), 5, ANY, [
        ("A", "ok", ["Bonjour, je pars au Maroc la semaine prochaine, mon forfait 100 Go marche là-bas ou je vais me ruiner ?", "Est-ce que le forfait 5G inclut les États-Unis ? Je pars 10 jours à New York en avril", "Hello, le roaming en Suisse c'est inclus ou pas chez Opalia ? Je bosse à Genève deux jours par semaine"]),
        ("B", "ok", ["Le Maroc c'est hors zone, prends un pass Voyage dans l'appli sinon gare au hors forfait", "Les USA c'est inclus seulement dans le forfait 200 Go je crois, regarde dans l'appli rubrique Étranger", "La Suisse c'est pas l'UE donc hors forfait, mais il existe une option Frontalier à 5€/mois"]),
        ("A", "ok", ["Ah ok, merci, je vais prendre le pass alors", "Vérifié dans l'appli, c'est pas inclus 😭 merci quand même", "Top, je ne savais pas que l'option existait"]),
    ]),
    ("mobile", ("support", "entraide"), 4, ANY, [
        ("A", "ok", ["Quelqu'un a réussi à passer en eSIM sur iPhone ? Le QR code reçu ne marche pas", "comment on fait pour passer de la carte sim a l'esim svp", "Bonjour, je voudrais une eSIM pour ma montre connectée, c'est compatible avec les forfaits Opalia ?"]),
        ("B", "ok", ["Il faut redemander une eSIM depuis l'espace client, le QR code n'est valable qu'une seule fois", "Espace client > Ma ligne > Changer de SIM > eSIM, tu reçois le QR code par mail en 5 min", "Pour les montres c'est l'option Multi-SIM à 5€, seulement sur les forfaits 5G"]),
        ("A", "ok", ["Merci, nouvelle eSIM activée 👍", "ok trouvé, plus simple que je pensais", "Ah dommage je suis en 4G, merci pour l'info"]),
    ]),
    ("mobile", ("support",), 3, ANY, [
        ("A", "ok", ["J'arrive d'un autre opérateur, la portabilité prend combien de temps en général ?", "J'ai donné mon RIO à la souscription mais mon numéro n'est toujours pas passé chez Opalia après 4 jours, c'est normal ?"]),
        ("B", "ok", ["Normalement 3 jours ouvrés, le jour du portage t'as une petite coupure de quelques heures", "Chez moi ça a pris 5 jours, pas de panique"]),
        ("M", "ok", ["Bonjour {a}, si ce n'est pas passé sous 7 jours, contacte le support via le chat de l'appli, ils pourront relancer le portage", "Si rien au bout d'une semaine, écris-nous en MP avec ton numéro de commande {a}, on relancera"]),
    ]),
    ("mobile", ("support", "general"), 3, ANY, [
        ("A", "ok", ["La 5G est dispo à {city} ? Mon tel reste en 4G", "C'est moi ou la 4G rame à {city} depuis quelques jours ?", "Vous captez bien dans le métro ligne 13 vous ? Moi rien entre deux stations"]),
        ("B", "ok", ["Il y a une carte de couverture sur le site, rubrique Réseau", "Pas remarqué chez moi, t'as essayé de redémarrer le tel ?", "Pareil, c'est pas terrible dans le métro mais c'est tous les opérateurs"]),
    ]),
    ("mobile", ("support",), 2, ANY, [
        ("A", "ok", ["Comment on change l'annonce de la messagerie vocale ?", "Est-ce qu'on peut désactiver la messagerie vocale complètement ?", "Mes MMS n'arrivent plus depuis que j'ai changé de téléphone, une idée ?"]),
        ("B", "ok", ["Tu appelles le 888 puis touche 3, c'est dans le menu personnalisation", "Oui avec le code ##002# depuis le clavier du téléphone", "Faut vérifier les réglages APN MMS, dans le site d'assistance ils donnent les valeurs"]),
        ("A", "ok", THANKS),
    ]),
    ("billing", ("support", "general"), 4, ANY, [
        ("A", "ok", ["Bonjour, ma facture a augmenté de 3€ ce mois-ci sans que je change rien, quelqu'un sait pourquoi ?", "Comment on change le RIB pour le prélèvement ? Je trouve pas dans l'espace client", "C'est à quelle date le prélèvement mensuel chez vous ? Le 5 ou le 10 ?"]),
        ("B", "ok", ["Fin de la promo 12 mois sûrement, regarde le détail de la facture", "Espace client > Mes factures > Mode de paiement, tout en bas de la page", "Le 5 pour moi, mais ça dépend de la date de souscription je crois"]),
        ("A", "ok", ["Ah oui c'est la fin de la promo... dommage", "Trouvé, merci !", "ok merci, ça m'arrange le 5"]),
    ]),
    ("billing", ("support",), 2, ANY, [
        ("A", "ok", ["Je déménage le mois prochain, on peut transférer la box dans le nouvel appart ?", "On peut suspendre la ligne mobile pendant 3 mois ? Je pars à l'étranger", "L'option Netflix est incluse dans quel forfait box ?"]),
        ("B", "ok", ["Oui, il y a une démarche déménagement dans l'espace client, fais-la 3 semaines avant", "Pas de suspension à ma connaissance, mais tu peux passer au forfait 2€ le temps du voyage", "Dans l'offre Ultra uniquement, sinon c'est en option"]),
        ("M", "ok", ["Je confirme {a}, et si le logement n'est pas encore raccordé à la fibre, prévoyez un peu plus de temps 😉", "{b} a raison, et le changement de forfait se fait sans frais dans l'appli"]),
    ]),
    ("polite_complaint", ("support",), 3, (16, 23), [
        ("A", "complaint", ["Bonsoir, depuis une semaine mon débit tombe à 50 Mb/s le soir alors que j'ai la fibre 1 Gb. Un peu décevant pour le prix", "Petit retour : la fibre est top la journée mais entre 20h et 23h c'est la cata, Netflix qui pixellise. Vous avez des soucis à {city} ?", "Je paie pour 2 Gb/s et le soir j'ai 80 Mb/s en filaire, c'est normal ça ?"]),
        ("B", "ok", ["T'as testé en filaire ? En wifi c'est souvent le canal qui est encombré", "Pareil à {city} depuis quelques jours, je pense que c'est une saturation", "Fais un test en ethernet et envoie-le au support, ils ont un formulaire pour ça"]),
        ("M", "ok", ["Merci pour le signalement {a}, je fais remonter à l'équipe technique. Tu peux me donner ta ville en MP ?", "Bonsoir {a}, c'est transmis aux équipes, il y a des travaux de renforcement prévus dans plusieurs secteurs ce mois-ci"]),
    ]),
    ("polite_complaint", ("support",), 3, (7, 18), [
        ("A", "complaint", ["Bonjour, ça fait 3 semaines que j'attends mon raccordement fibre, 2 RDV technicien annulés le jour même. Un peu lassant…", "Technicien jamais venu ce matin, j'ai posé ma demi-journée pour rien. Pas top.", "Deuxième rendez-vous manqué pour l'installation. Je comprends qu'il y ait des imprévus mais prévenir ce serait bien"]),
        ("M", "ok", ["Toutes nos excuses pour ce contretemps {a}. Envoie-moi ta référence de commande en MP et je relance le service intervention", "Bonjour {a}, je comprends votre agacement. Je transmets au service planification, vous serez recontacté aujourd'hui", "Mince {a}, c'est pas normal. Donne-moi ta référence en MP, je regarde ça"]),
        ("A", "ok", ["Merci, c'est envoyé", "MP envoyé, merci pour la réactivité", "ok merci"]),
    ]),
    ("polite_complaint", ("support", "general"), 3, (8, 20), [
        ("A", "complaint", ["40 minutes d'attente au service client ce matin pour un simple changement d'adresse, c'est long quand même", "L'appli Opalia plante à chaque fois que je veux voir ma conso, quelqu'un d'autre ? C'est pénible", "Ça fait deux fois que le chat du support me déconnecte au milieu de la conversation. Pas terrible"]),
        ("B", "ok", ["Le chat dans l'appli répond plus vite que le téléphone en général", "Oui pareil sur Android, une mise à jour est sortie hier, essaie de la faire", "Essaie en navigation privée, chez moi ça règle le problème"]),
        ("CM", "ok", ["Merci pour votre retour {a}, je transmets au service client. On travaille à réduire les temps d'attente", "Bonjour {a}, le bug est connu et corrigé dans la version 5.2 de l'appli, merci pour votre patience", "Désolée {a}, je remonte le souci à l'équipe du chat"]),
    ]),
    ("smalltalk", ("general",), 5, (6, 10), [
        ("A", "ok", ["Bonjour tout le monde ☀️", "Salut la commu, bonne journée à tous", "hello hello", "Bien le bonjour !", "Bonjour à tous, café en main ☕"]),
        ("B", "ok", ["*", "Salut {a} !", "Bonjour 👋", "bonne journée à toi aussi", "hello {a}", "Salut, bon courage pour la journée"]),
    ]),
    ("smalltalk", ("general", "hors-sujet"), 3, (19, 24), [
        ("A", "ok", ["Bonne soirée tout le monde, à demain", "Allez je déconnecte, bonne soirée la commu", "bonne nuit les gens 😴", "Bonne soirée à tous !"]),
        ("B", "ok", ["*", "bonne soirée {a}", "Bonne nuit !", "à demain 👋"]),
    ]),
    ("smalltalk", ("general",), 3, (8, 22), [
        ("A", "ok", ["Vous êtes chez Opalia depuis longtemps vous ? Moi 6 ans, jamais eu de gros souci", "Petite question bête : c'est quoi la différence entre la Box 6 et la Box 7 à part le wifi 7 ?", "J'hésite à passer à l'offre 2 Gb/s, ça vaut le coup pour une famille de 4 ?"]),
        ("B", "ok", ["Client depuis 2019, quelques pannes mais le service client a toujours été correct", "Le wifi 7 et un port 10 Gb/s, honnêtement pour la plupart des gens la 6 suffit", "À 4 avec du streaming et du jeu en ligne, 1 Gb/s suffit largement"]),
        ("C", "ok", ["Pareil, 4 ans chez eux, je suis plutôt content", "La 7 chauffe moins aussi paraît-il", "Sauf si vous téléchargez beaucoup, le 2 Gb/s c'est surtout du marketing"]),
    ]),
    ("entraide", ("entraide",), 3, ANY, [
        ("A", "ok", ["Petit tuto pour ceux qui galèrent avec le wifi : changez le canal 5 GHz en 36 ou 44 au lieu de « auto », chez moi le débit a doublé", "Astuce : dans l'appli Opalia, onglet Ma box, vous pouvez programmer des plages sans wifi pour les enfants. Super pratique", "Pour ceux qui ont la Box 7 : le mode éco coupe le wifi 6 GHz, désactivez-le si vous avez des appareils récents"]),
        ("B", "ok", ["Merci pour le partage !", "Testé et approuvé 👍", "Bon à savoir, merci {a}"]),
        ("C", "ok", ["*", "Épinglé ?", "Je note, merci", "On devrait mettre ça dans la FAQ"]),
    ]),
    ("entraide", ("entraide",), 2, ANY, [
        ("A", "ok", ["Quelqu'un a une doc pour mettre sa propre box à la place de celle d'Opalia ? Réglages VLAN etc.", "Je cherche quelqu'un qui a réussi à mettre un serveur Plex accessible de l'extérieur avec la Box 6", "Comment vous faites pour avoir l'heure juste sur le décodeur ? Le mien a 5 min d'avance"]),
        ("B", "ok", ["Il y a un guide épinglé dans #entraide, VLAN 832 pour l'internet", "Redirection de port 32400 vers ton serveur et c'est bon", "Il se cale sur le réseau normalement, un redémarrage complet devrait suffire"]),
        ("A", "ok", THANKS),
    ]),
    ("hors_sujet", ("hors-sujet",), 4, (10, 24), [
        ("A", "ok", ["Vous avez vu le match hier soir ? Quelle fin de match", "Des gens regardent Severance ici ? La saison 2 m'a retourné le cerveau", "Quelqu'un a une bonne recette de gratin dauphinois ? C'est moi qui reçois dimanche", "Vous jouez à quoi en ce moment ? Je cherche un jeu coop"]),
        ("B", "ok", ["Le but à la 93e 😱", "Oui !! Le dernier épisode 🤯", "Pas de fromage dans le vrai gratin dauphinois, c'est sacré 😄", "It Takes Two si t'as pas encore fait, c'est génial"]),
        ("C", "ok", ["L'arbitrage par contre…", "Spoilez pas svp j'en suis à l'épisode 4", "Ail, crème, lait, muscade, c'est tout", "Deep Rock Galactic, on est une bande ici d'ailleurs"]),
    ]),
    ("hors_sujet", ("hors-sujet",), 2, (11, 23), [
        ("A", "ok", ["Il fait un temps magnifique à {city} aujourd'hui 😎", "Quelqu'un va au salon du jeu vidéo ce week-end ?", "Mon chat vient de débrancher la box en jouant avec le câble, 10 min de panique 😂"]),
        ("B", "ok", ["Pluie ici évidemment", "J'y serai samedi !", "Le mien s'assoit dessus parce qu'elle est chaude 😂"]),
    ]),
    ("box", ("support", "general"), 3, ANY, [
        ("A", "ok", ["Ma box s'éteint toute seule la nuit, quelqu'un a une idée ?", "Le wifi se coupe dès que le micro-ondes tourne, c'est une blague ?", "La box chauffe énormément, c'est normal ?"]),
        ("B", "ok", ["Regarde si le mode éco programmé est activé, Réglages > Planification", "Classique en 2,4 GHz, passe tes appareils en 5 GHz et tu seras tranquille", "Elle chauffe un peu mais si elle est brûlante, vérifie qu'elle n'est pas dans un meuble fermé"]),
        ("A", "ok", ["C'était bien le mode éco, je savais même pas qu'il existait", "Effectivement en 5 GHz plus de souci", "Elle était dans le meuble TV… je l'ai sortie"]),
    ]),
    ("box", ("support", "entraide"), 3, ANY, [
        ("A", "ok", ["Comment on accède à l'interface de la box ? C'est quoi le mot de passe admin ?", "J'ai oublié le mot de passe wifi, on le retrouve où ?", "Comment on change le nom du réseau wifi ?"]),
        ("B", "ok", ["192.168.1.1 dans le navigateur, le mot de passe admin est sur l'étiquette sous la box", "Sur l'étiquette sous la box, ou dans l'appli > Ma box > Wi-Fi", "Interface de la box > Wi-Fi > Nom du réseau (SSID), et pense à reconnecter tes appareils après"]),
        ("A", "ok", THANKS),
    ]),
    ("box", ("support",), 2, ANY, [
        ("A", "ok", ["Quelqu'un a réussi à changer les DNS sur la box ?", "C'est possible de désactiver l'IPv6 ? Mon vieux NAS n'aime pas du tout", "Vous savez si la box gère le wifi invité ?"]),
        ("B", "ok", ["Pas possible sur la box, faut le faire appareil par appareil", "Oui, Réseau > IPv6 > désactiver, mais c'est pas vraiment conseillé", "Oui, dans l'appli > Ma box > Wi-Fi invité, tu peux même mettre une durée"]),
        ("C", "ok", ["Ou tu mets un Pi-hole derrière, c'est ce que j'ai fait", "Mets plutôt à jour le NAS si tu peux", "Pratique quand on a du monde à la maison"]),
    ]),
    ("fibre", ("support",), 3, ANY, [
        ("A", "ok", ["La fibre est dispo dans mon immeuble mais le site me dit non éligible, quelqu'un a eu ça ?", "Combien de temps entre la commande et le raccordement chez vous ?", "Le technicien passe par où pour amener la fibre dans une maison ?"]),
        ("B", "ok", ["Souvent la base d'éligibilité n'est pas à jour, refais le test dans 2-3 semaines", "3 semaines pour moi, mais ça dépend beaucoup du secteur", "En général il reprend le chemin du câble téléphonique, en aérien ou en souterrain"]),
        ("M", "ok", ["{a} tu peux aussi nous donner ton adresse en MP, on vérifie avec le service éligibilité", "Compte entre 2 et 4 semaines en moyenne {a}, le mail de confirmation donne une estimation", "{b} a raison. S'il y a un blocage dans le fourreau, un second passage peut être nécessaire"]),
    ]),
    ("mobile", ("support",), 3, ANY, [
        ("A", "ok", ["Mon forfait passe à 15,99 le mois prochain, on peut garder l'ancien prix ?", "C'est quoi la différence entre le forfait 100 Go et le 200 Go à part la data ?", "Il y a une offre pour les ados ? Je cherche un forfait pour ma fille"]),
        ("B", "ok", ["Appelle le service résiliation, ils proposent souvent de garder le prix 😉", "Le 200 Go inclut plus de pays à l'étranger et la 5G+", "Le forfait 2€ avec le contrôle parental activé, ça suffit largement pour commencer"]),
        ("A", "ok", ["Bien vu, je tente", "ok je vais rester sur le 100 alors", "Merci, c'est ce qu'il me faut"]),
    ]),
    ("mobile", ("support",), 2, ANY, [
        ("A", "ok", ["Mon tel affiche « appels d'urgence uniquement » depuis ce matin", "Plus de 4G depuis la mise à jour de mon Samsung, quelqu'un d'autre ?", "Les SMS partent mais j'en reçois aucun, bizarre"]),
        ("B", "ok", ["Enlève et remets la SIM, sinon demande un échange de SIM dans l'appli", "Vérifie l'APN dans les réglages, la mise à jour l'a peut-être effacé", "Regarde si t'as pas bloqué des numéros par erreur, et redémarre le tel"]),
        ("A", "ok", THANKS),
    ]),
    ("billing", ("support",), 2, ANY, [
        ("A", "ok", ["Je peux payer par CB plutôt que par prélèvement ?", "Comment on récupère une facture de plus d'un an ?", "Les frais de résiliation c'est combien si je pars avant 12 mois ?"]),
        ("B", "ok", ["Oui, dans l'espace client tu peux choisir la carte bancaire", "Elles sont toutes dans l'espace client, même les anciennes, rubrique Historique", "Pas de frais sur les offres sans engagement, sinon c'est le reste des mois dus"]),
    ]),
    ("smalltalk", ("general", "hors-sujet"), 2, (10, 13), [
        ("A", "ok", ["Bon appétit tout le monde 🍝", "C'est l'heure de la pause, vous mangez quoi ?", "Pause déj bien méritée"]),
        ("B", "ok", ["*", "bon ap !", "Salade triste au bureau 😅", "merci, toi aussi", "raclette, on est encore en hiver non ?"]),
    ]),
    ("hors_sujet", ("hors-sujet",), 2, (9, 24), [
        ("A", "ok", ["Vous avez des recommandations de podcasts ?", "Quelqu'un a testé le nouveau Zelda ?", "Je cherche une série à regarder ce week-end"]),
        ("B", "ok", ["Les Pieds sur terre, indémodable", "Pas encore, trop cher pour l'instant", "Shōgun, sans hésiter"]),
        ("C", "ok", ["+1, et Affaires sensibles aussi", "Je l'ai fini, il est génial", "The Bear aussi si t'aimes la cuisine"]),
    ]),
    ("entraide", ("entraide",), 2, ANY, [
        ("A", "ok", ["Pour ceux qui ont des coupures wifi avec les enceintes connectées : désactivez le WPA3, ça a tout réglé chez moi", "Quelqu'un a un tuto pour configurer un VPN sur la box ?", "Astuce : l'appli affiche la liste des appareils connectés, pratique pour repérer le voisin qui squatte 😄"]),
        ("B", "ok", ["Merci, j'avais exactement ce problème", "Il y a un guide sur le site d'assistance, rubrique Réseau avancé", "Ah bah j'ai trouvé une « Imprimante-Voisin » dans ma liste 😂"]),
    ]),
    ("off_topic", ("support", "general"), 2, (9, 22), [
        ("A", "off_topic", ["Quelqu'un a un bon plan pour un aspirateur robot pas trop cher ?", "Vous avez vu le prix de l'essence ce matin ? 2€05 le litre à côté de chez moi", "Des gens vont au concert de Stromae à Lyon ? Je cherche une place", "Le PSG va encore se faire sortir en Ligue des champions, je vous le dis"]),
        ("M", "ok", ["{a} merci de poster ça dans #hors-sujet 😉", "Hop, direction #hors-sujet pour ce genre de discussion {a} 🙂", "{a} ce salon est réservé au support, #hors-sujet est fait pour ça 😉"]),
        ("A", "ok", ["oups pardon", "ah oui désolé", "ok my bad"]),
    ]),
]

THREADS_EN = [
    ("expat", ("support", "general"), 3, ANY, [
        ("A", "ok", ["Hi all, is the Opalia app available in English? My French is still a bit rusty 😅", "Hello! Just moved to Lyon, fibre install booked for next week. How long does the technician usually take?", "Quick question: can I use my own router instead of the Opalia box?"]),
        ("B", "ok", ["Not the app yet, but the website has an English version (flag at the bottom of the page)", "Usually 1-2 hours if the fibre is already in the building", "Yes, but you need the right VLAN settings, there's a pinned guide in #entraide"]),
        ("A", "ok", ["*", "Thanks!", "Great, thanks a lot", "Perfect, merci 🙂", "cheers"]),
    ]),
    ("expat", ("support",), 2, ANY, [
        ("A", "ok", ["My bill says « frais de mise en service », what is that?", "Does anyone know if I can get the bills in English?", "What's the number to call support from abroad?"]),
        ("B", "ok", ["It's the one-off activation fee, only on the first bill", "Not possible as far as I know, but Google Lens does a decent job 😄", "There's a +33 number on the website, Contact page, but the chat in the app is free from anywhere"]),
        ("A", "ok", ["*", "Thanks!", "ok got it, thanks", "Good to know, thank you"]),
    ]),
    ("expat", ("support", "general"), 1, (8, 20), [
        ("A", "complaint", ["Third time I call support and nobody speaks English. Not great for a company in Paris tbh", "Been waiting 10 days for my SIM card to arrive, that's a bit long", "The English version of the website is half in French, it's really confusing"]),
        ("CM", "ok", ["Sorry about that {a}, you can write to us here or via the chat, we'll answer in English", "Hi {a}, sorry for the delay, DM me your order number and I'll check", "Thanks for the feedback {a}, I'm passing it on to the web team"]),
    ]),
    ("expat", ("hors-sujet",), 2, (10, 23), [
        ("A", "ok", ["Any good English-speaking pub in Lyon to watch the rugby?", "Anyone else here doing the French citizenship test? Send help", "Which bakery in Paris 11e has the best croissants? Asking for science"]),
        ("B", "ok", ["The Smoking Dog in Vieux Lyon, always packed for the Six Nations", "Passed it last year, just read the booklet twice and you're fine", "Any bakery with a queue outside at 8am, that's the rule"]),
    ]),
]

# English-language conversations used by the English stream (opalia_day_en.jsonl).
THREADS_EN_STREAM = [
    *THREADS_EN,
    ("box", ("support",), 5, ANY, [
        ("A", "ok", ["Hi all, my box has had a blinking orange light since this morning, should I worry?", "Hey, the TV box keeps saying « no signal » on some channels, anyone had that?", "How do I split the 2.4 and 5 GHz wifi? My smart plugs only do 2.4"]),
        ("B", "ok", ["Blinking orange is usually a firmware update, leave it alone for 10 minutes", "Hold the reset button on the back for 10 seconds, it happens after updates", "Go to 192.168.1.1 > Wi-Fi > Advanced and untick « unified band »"]),
        ("A", "ok", ["*", "Sorted, thanks!", "Cheers, that did it", "thanks, will try tonight", "Back to green, thank you 🙏"]),
    ]),
    ("mobile", ("support",), 4, ANY, [
        ("A", "ok", ["Does the 100 GB plan work in the UK? Going home for Easter", "Anyone managed to switch to an eSIM on a Pixel? The QR code fails", "How long does number porting take from another carrier?"]),
        ("B", "ok", ["UK is outside the EU roaming deal since Brexit, check the Travel pass in the app", "You need to request a fresh eSIM in your account, each QR code only works once", "About 3 working days, with a short cut on the day"]),
        ("A", "ok", ["*", "Thanks!", "Ugh, ok, thanks", "Good to know 👍", "Perfect, thank you"]),
    ]),
    ("billing", ("support",), 3, ANY, [
        ("A", "ok", ["My bill went up by 3€ this month, anyone knows why?", "Where do I change my bank details for the direct debit?", "What day of the month do they take the payment?"]),
        ("B", "ok", ["Probably the end of the 12-month promo", "Account > Bills > Payment method, right at the bottom", "The 5th for me, depends on when you signed up I think"]),
    ]),
    ("smalltalk", ("general",), 4, (6, 11), [
        ("A", "ok", ["Morning everyone ☀️", "Hi all, happy Thursday", "hello hello", "Good morning from rainy Lille"]),
        ("B", "ok", ["*", "Morning {a}!", "Hi 👋", "hey"]),
    ]),
    ("smalltalk", ("general", "hors-sujet"), 2, (19, 24), [
        ("A", "ok", ["Night all 👋", "Logging off, see you tomorrow", "good night folks"]),
        ("B", "ok", ["*", "night {a}", "see ya"]),
    ]),
    ("polite_complaint", ("support",), 2, (7, 20), [
        ("A", "complaint", ["My fibre install has been postponed twice now, a bit frustrating", "Speed drops to 50 Mb/s every evening on a 1 Gb plan, not great for the price", "Waited 40 minutes on the phone to change my address, that's too long"]),
        ("M", "ok", ["Sorry to hear that {a}, DM me your order number and I'll chase it", "Thanks for flagging it {a}, I'm passing it on to the tech team", "Sorry {a}, the chat in the app is usually much faster than the phone"]),
    ]),
    ("entraide", ("entraide",), 2, ANY, [
        ("A", "ok", ["Tip: set your 5 GHz channel to 36 or 44 instead of auto, my speed doubled", "PSA: the app can schedule wifi-off times for the kids, super handy", "If you have the Box 7, eco mode disables the 6 GHz band, turn it off if you have recent devices"]),
        ("B", "ok", ["Thanks for sharing!", "Tested, works 👍", "Good to know, thanks {a}"]),
    ]),
    ("off_topic", ("support",), 1, (9, 22), [
        ("A", "off_topic", ["Anyone selling tickets for the Coldplay gig in Lyon?", "Who's watching the Six Nations this weekend? England will smash it"]),
        ("M", "ok", ["{a} please take that to #hors-sujet 🙂", "Let's keep #support for support questions {a}, #hors-sujet is right there 😉"]),
    ]),
]

# ---------------------------------------------------------------------------------------------
# Volume: background messages per 10 minutes for each UTC hour of an ordinary day.
# ---------------------------------------------------------------------------------------------

PROFILE = [0.6, 0.3, 0.1, 0.1, 0.1, 0.3, 0.9, 2.0, 3.2, 3.8, 3.8, 3.6, 4.2, 4.0, 3.6, 3.6, 3.8, 4.2, 4.6, 4.8, 4.4, 3.4, 2.2, 1.2]

# The bad buzz: (time, messages per minute), linearly interpolated, on top of the background.
SURGE_KNOTS = [
    ("14:06", 0.3), ("14:10", 1.0), ("14:20", 2.9), ("14:35", 2.9), ("15:05", 2.6), ("15:30", 1.9),
    ("15:45", 1.1), ("16:00", 0.6), ("16:15", 0.35), ("16:30", 0.2), ("17:00", 0.1), ("18:00", 0.03),
    ("18:30", 0.0),
]

# What the crowd talks about, by phase: (until, {category: weight}).
# How long the outage has lasted, as people say it: (up to minutes, words).
DURATIONS = {
    "fr": [(20, "un quart d'heure"), (40, "une demi-heure"), (75, "une heure"), (105, "1h30"),
           (150, "2h"), (210, "3h"), (10_000, "des heures")],
    "en": [(20, "15 minutes"), (40, "half an hour"), (75, "an hour"), (105, "an hour and a half"),
           (150, "2 hours"), (210, "3 hours"), (10_000, "hours")],
}

SURGE_PHASES = [
    ("14:17", {"outage": 6, "question": 3, "reaction": 2}),
    ("14:45", {"outage": 3, "double": 5, "angry": 2, "reaction": 3, "question": 1}),
    ("15:06", {"double": 4, "angry": 3, "boycott": 2, "reaction": 3, "outage": 1}),
    ("15:42", {"after": 4, "double": 2, "angry": 2, "boycott": 1, "reaction": 2, "thanks": 1, "outage": 1}),
    ("24:00", {"restored": 4, "still_down": 1, "after": 2, "thanks": 2, "reaction": 1}),
]

# Crowd messages per category: (labels, templates). Placeholders: {city}, {price}, {double},
# {duration} (time since the outage began, as people count it: rounded up), {lines}, {years}.
# "newcomer" is the first message of someone who just joined; "newcomer_viral" mentions the buzz
# outside (the influencer's video, X, Facebook) and only appears once it exists.
SURGE_FR = {
    "outage": ("complaint", [
        "Plus d'internet depuis tout à l'heure, box en voyant rouge. Quelqu'un d'autre ?",
        "Coupure totale chez moi à {city}, ni internet ni TV ni téléphone",
        "Ça y est la box est morte, voyant rouge fixe 😩",
        "Encore une panne ?? J'ai une visio importante dans 20 min…",
        "Plus de réseau mobile non plus, c'est quoi ce bazar ?",
        "Je télétravaille, plus rien ne marche, je fais comment moi ?",
        "panne générale ou c'est juste moi ? {city} ici",
        "J'ai redémarré la box 3 fois, toujours rien",
        "Le site d'Opalia est down aussi lol, impossible de vérifier l'état du réseau",
        "Mon fils peut pas faire ses devoirs en ligne, vous comptez nous dédommager ?",
        "Impossible de joindre le service client, ça sonne dans le vide",
        "Ni internet ni 4G, je suis complètement coupé du monde 🙃",
        "Toujours rien à {city}. Ça fait {duration}. Super.",
        "On est en 2026 et un opérateur national tombe en panne un jeudi après-midi, bravo",
        "Je bosse à domicile, je viens de perdre une demi-journée de boulot à cause de vous",
        "Box rouge, 4G morte, je suis obligé d'aller au café pour avoir du wifi…",
        "J'ai dû annuler un rendez-vous médical en visio, merci Opalia",
        "Aucun réseau sur mon portable depuis {duration}, je peux même pas appeler en cas d'urgence. C'est grave quand même",
    ]),
    "question": ("ok", [
        "Quelqu'un sait si c'est national ?",
        "C'est sur quelle zone la panne ?",
        "Il y a une page pour suivre l'état du réseau ?",
        "Un modo peut confirmer qu'il y a un incident ?",
        "des nouvelles de la panne ?",
        "Vous avez des infos ? Je sais pas si je dois rappeler le support ou attendre",
        "Ça touche aussi les lignes mobiles ou que les box ?",
        "On sait combien de temps ça va durer ?",
    ]),
    "double": ("complaint", [
        "Euh… je viens de regarder mon compte, j'ai été prélevé deux fois de {price}€ ce mois-ci ?!",
        "Moi aussi double prélèvement !! {price}€ x2 aujourd'hui",
        "Prélevé deux fois ET plus d'internet. Vous êtes sérieux ?",
        "C'est inadmissible, ça fait {duration} que je n'ai plus internet et vous m'avez prélevé deux fois !",
        "{price}€ partis deux fois, je suis à découvert maintenant, merci Opalia",
        "Double prélèvement chez moi aussi, je veux un remboursement immédiat",
        "Ma banque m'a envoyé une alerte, deux prélèvements Opalia le même jour. Quelqu'un d'autre ?",
        "Remboursez-nous, il y a des gens qui n'ont pas les moyens de se faire prélever deux fois en fin de mois",
        "Je confirme : deux lignes PRLV SEPA OPALIA sur mon relevé aujourd'hui",
        "J'ai {lines} lignes chez vous (box + mobiles), tout a été prélevé en double, ça fait {double}€ en moins sur mon compte",
        "Je suis étudiante, {price}€ en double ça me met dans le rouge. C'est grave.",
        "Prélevée deux fois, et maintenant j'ai des frais de rejet de ma banque, qui va payer ?",
        "Double prélèvement confirmé chez moi, {price}€ + {price}€. Je veux être remboursé.",
        "Vérifiez vos comptes les gars, moi aussi ils m'ont prélevé deux fois",
        "Deux prélèvements de {price}€ le même jour. J'attends le remboursement et des excuses.",
        "Mon loyer passe demain et vous m'avez pris {double}€ au lieu de {price}€. Je fais comment ?",
        "prélevé 2 fois aussi, et bien sûr impossible d'avoir quelqu'un au téléphone",
    ]),
    "angry": ("complaint", [
        "C'est honteux.",
        "Votre service client est nul, 45 min d'attente pour qu'on me raccroche au nez",
        "C'est de l'arnaque pure et simple",
        "Franchement c'est du foutage de gueule",
        "Scandale. Aucune communication, aucune excuse, rien.",
        "Service de merde, je résilie dès que ça revient",
        "8 ans que je suis client, c'est la première fois que je me sens autant pris pour un con",
        "On paye pour un service qu'on n'a pas, et en double en plus. Bravo.",
        "Aucune info sur le site, aucune info ici, c'est ça votre relation client ?",
        "Vous attendez quoi pour communiquer ??",
        "Inadmissible. Je vais saisir l'UFC-Que Choisir",
        "Honteux de laisser les clients dans le flou comme ça",
        "Vous prélevez en 1 seconde mais pour nous répondre il faut des heures. Lamentable.",
        "Je viens de passer 1h au téléphone pour rien. Honteux.",
        "Le silence de la marque est assourdissant. Bravo la com'.",
        "Opalia = arnaque, ça se confirme",
    ]),
    "boycott": ("complaint", [
        "#BoycottOpalia",
        "Je résilie. #BoycottOpalia",
        "Le hashtag #BoycottOpalia est en top tendance sur X 😬",
        "Partagez un max #BoycottOpalia",
        "Je passe chez la concurrence dès demain, fini",
        "Quelqu'un sait si on peut résilier sans frais après une panne pareille ? #BoycottOpalia",
        "scandale #Opalia #DoublePrelevement",
        "Je viens de faire ma demande de portabilité ailleurs. Ciao Opalia.",
        "#BoycottOpalia tant qu'on n'est pas tous remboursés",
        "Mettez des avis sur Trustpilot, faut que ça se sache",
    ]),
    "reaction": ("complaint", [
        "pareil",
        "+1",
        "idem à {city}",
        "moi aussi",
        "pareil, prélevé 2 fois",
        "même chose ici 😡",
        "ah toi aussi ?",
        "confirmé chez moi aussi",
        "pareil à {city}",
        "on est combien dans ce cas là ?",
        "😡😡😡",
        "incroyable…",
        "Pareil, j'hallucine",
        "idem, 2 prélèvements",
        "+1000",
        "même situation",
        "exactement pareil",
        "on est nombreux apparemment",
        "pareil pour ma mère",
    ]),
    "after": ("complaint", [
        "5 jours ouvrés pour rembourser un argent que vous avez pris en 1 seconde ? Sérieusement ?",
        "Et les frais bancaires on se les fait rembourser comment concrètement ?",
        "Un geste commercial serait le minimum après ça",
        "Merci pour l'info mais ça aurait dû être fait il y a une heure",
        "Donc on attend sans internet et sans notre argent, super",
        "Erreur du prestataire… c'est toujours la faute des autres",
        "Et ceux qui ont été mis à découvert, vous faites quoi pour eux ?",
        "5 jours c'est trop long, certains ont des prélèvements qui vont être rejetés",
        "« Aucune démarche à faire »… j'espère bien !",
        "Le message est bien mais ça répare pas ma journée de télétravail perdue",
        "Je demande le remboursement des agios dès demain, je vous préviens",
    ]),
    "thanks": ("ok", [
        "Merci pour le point, enfin une réponse",
        "ok merci Claire, on attend alors",
        "Au moins c'est clair, merci",
        "Merci aux modos qui gèrent, ça doit pas être facile aujourd'hui",
        "Bon, remboursement automatique, c'est déjà ça",
        "Merci pour la transparence",
        "Bon, on va attendre les 5 jours alors",
        "Ok, au moins on sait à quoi s'en tenir",
        "Merci Claire, bon courage à l'équipe",
        "C'est noté, merci pour le suivi",
    ]),
    "restored": ("ok", [
        "Ça revient chez moi ! Voyant blanc 🙌",
        "internet de retour à {city}",
        "ah enfin, ça remarche",
        "C'est revenu, merci aux techniciens qui ont dû galérer",
        "La 4G est revenue aussi",
        "1 mois offert c'est correct, merci",
        "C'est rétabli ici aussi, bonne soirée à tous",
        "Retour à la normale à {city} 👍",
        "Voyant blanc, ça y est !",
        "ça remarche ici, la TV aussi",
        "Enfin !! Je peux reprendre le boulot",
        "C'est reparti chez moi, merci pour les infos",
    ]),
    "still_down": ("complaint", [
        "Toujours rien chez moi à {city} par contre",
        "1 mois offert… pour une panne et un double prélèvement, on va dire que ça compense",
        "Le remboursement on le verra quand on le verra…",
        "Ma box est toujours rouge même après redémarrage, c'est normal ?",
    ]),
    "newcomer": ("complaint", [
        "Je viens de rejoindre le serveur juste pour dire : prélevé deux fois moi aussi. Lamentable.",
        "Je m'inscris ici parce que le service client ne répond pas. Double prélèvement de {price}€.",
        "Bonjour à tous, je découvre ce serveur. Même problème : plus d'internet et prélevé deux fois.",
        "Compte créé juste pour ça : rendez-nous notre argent",
        "Salut, nouveau sur le serveur. Chez moi c'est panne totale + double prélèvement, on fait comment ?",
        "Je rejoins la commu, je pensais pas que ce serait dans ces conditions… prélevé deux fois aussi",
        "Un ami m'a dit de venir ici. {price}€ prélevés deux fois et pas d'internet depuis {duration}.",
    ]),
    "newcomer_viral": ("complaint", [
        "Nouveau ici, j'ai vu passer la vidéo de Lara, pareil pour moi : double prélèvement",
        "Bonjour, je rejoins suite aux posts sur X. Client depuis 2019, prélevé 2x, aucune réponse du service client",
        "arrivé ici via twitter, on est des milliers dans ce cas apparemment",
        "Salut, je viens de la part d'un groupe Facebook de clients Opalia, on est des centaines prélevés deux fois",
        "J'ai vu le #BoycottOpalia passer, je confirme : double prélèvement chez moi aussi",
    ]),
    "expat": ("complaint", [
        "Same here, no internet and charged twice 😡",
        "Charged twice and no internet here too. Is there any official statement? My French isn't good enough to follow all this",
        "Charged twice too, who do I contact for a refund?",
        "No internet, no mobile data, and a double charge. Great day.",
    ]),
}

SURGE_EN = {
    "outage": ("complaint", [
        "No internet since earlier, box is solid red. Anyone else?",
        "Total outage in {city}, no internet, no TV, no phone",
        "Box just died, red light 😩",
        "Another outage?? I have an important video call in 20 min…",
        "No mobile data either, what is going on?",
        "Working from home and nothing works. Great.",
        "Is it everyone or just me? {city} here",
        "Restarted the box 3 times, still nothing",
        "Still nothing in {city}. {duration} now.",
    ]),
    "question": ("ok", [
        "Does anyone know if it's nationwide?",
        "Any mod can confirm there's an incident?",
        "Is there a status page somewhere?",
        "Any news about the outage?",
    ]),
    "double": ("complaint", [
        "Wait… I just checked my bank app, I've been charged twice {price}€ this month?!",
        "Same, double charge! {price}€ x2 today",
        "Charged twice AND no internet. Are you serious?",
        "This is unacceptable, {duration} without internet and you charged me twice!",
        "{price}€ taken twice, I'm overdrawn now, thanks Opalia",
        "Double charge here too, I want a refund right now",
        "My bank just sent an alert: two Opalia direct debits on the same day. Anyone else?",
        "Confirmed, two OPALIA direct debits on my statement today",
        "Charged twice, now my bank is charging me fees. Who pays for that?",
    ]),
    "angry": ("complaint", [
        "Shameful.",
        "Your customer service is useless, 45 minutes on hold and they hung up on me",
        "This is a scam and I want my money back",
        "Honestly this is a joke",
        "Zero communication, zero apology. Disgraceful.",
        "No info on the website, no info here, is that your idea of customer care?",
        "You take our money in one second but need hours to answer. Pathetic.",
        "What are you waiting for to say something??",
    ]),
    "boycott": ("complaint", [
        "#BoycottOpalia",
        "Cancelling. #BoycottOpalia",
        "#BoycottOpalia is trending on X right now 😬",
        "Switching provider tomorrow, done with this",
        "Leave reviews everywhere, people need to know",
    ]),
    "reaction": ("complaint", [
        "same",
        "+1",
        "same in {city}",
        "me too",
        "same, charged twice",
        "same here 😡",
        "you too?",
        "confirmed here too",
        "unbelievable…",
        "exactly the same",
    ]),
    "after": ("complaint", [
        "5 working days to refund money you took in one second? Seriously?",
        "And how exactly do we get the bank fees back?",
        "Thanks for the update but it should have come an hour ago",
        "So we wait without internet and without our money, great",
        "« Payment provider error »… always someone else's fault",
    ]),
    "thanks": ("ok", [
        "Thanks for the update, finally",
        "ok thanks Claire, we'll wait then",
        "Thanks to the mods, can't be an easy afternoon",
    ]),
    "restored": ("ok", [
        "It's back! White light 🙌",
        "internet back in {city}",
        "finally working again",
        "Back to normal here 👍",
    ]),
    "still_down": ("complaint", [
        "Still nothing in {city} though",
        "One month free… for an outage and a double charge. I guess.",
    ]),
    "newcomer": ("complaint", [
        "Just joined this server to say: charged twice too. Pathetic.",
        "Made an account just for this: give us our money back",
        "Hi all, new here. No internet and a double charge, what do we do?",
    ]),
    "newcomer_viral": ("complaint", [
        "New here, saw Lara's video, same for me: double charge",
        "Hi, joining after the posts on X. Customer since 2019, charged twice, no answer from support",
        "Saw #BoycottOpalia trending, came to say I was charged twice as well",
    ]),
}

# ---------------------------------------------------------------------------------------------
# Scripted scenes: (time, author, channel, labels, text, options). Author "*" is a random
# regular (French), "*en" a random expat. Options: key (name the message), reply (key of the
# message answered), edit (key of the message this record edits), event. Mentions (<@id>, @name,
# @everyone) are counted from the text.
# ---------------------------------------------------------------------------------------------

RAID_TEXT = "💸 Gagne entre 300€ et 1500€ par semaine depuis ton téléphone, sans diplôme ni expérience 💸 Places limitées, rejoins le groupe privé 👉 t.me/+Gx7pQ2rTnVk4ZmE0"
RAID_TEXT_EN = "💸 Earn $500 to $2000 a week from your phone, no experience needed 💸 Limited spots, join the private group 👉 t.me/+Gx7pQ2rTnVk4ZmE0"
MASS = "<@u130> <@u131> <@u132> <@u133> <@u134>"

MORNING_FR = [
    ("06:52:10", "Modo_Julien", "moderation", "ok", "Hello l'équipe, je suis là jusqu'à midi", {}),
    ("07:40:00", "Claire_Opalia", "annonces", "ok", "📢 Bonjour à tous ! Rappel : la nouvelle version de l'appli Opalia (5.2) est disponible, elle corrige le bug d'affichage de la consommation. Bonne journée 🙂", {}),
    ("08:02:14", "CryptoKing_Elite", "general", "ok", "Salut à tous 👋 content de rejoindre la commu", {"key": "crypto1"}),
    ("08:09:51", "CryptoKing_Elite", "general", "spam", "🚀 J'ai doublé mes BTC en 24h grâce à ce bot de trading. Envoie 0,05 BTC, reçois 0,1 BTC garanti 👉 https://btc-doubler.pro/opalia", {"edit": "crypto1"}),
    ("08:11:30", "CryptoKing_Elite", "support", "spam", "Marre de payer ton forfait ? Moi je le paie avec mes gains crypto 💰 x2 en 24h, places limitées : https://btc-doubler.pro/opalia", {"key": "crypto2"}),
    ("08:14:02", "Sandra_modo", "moderation", "ok", "J'ai viré CryptoKing_Elite, il avait édité son message de bienvenue pour mettre un lien crypto. Malin…", {}),
    ("08:33:40", "Lisa.fibre", "general", "ok", "Bonjour ! Nouvelle cliente depuis hier, ravie de rejoindre la communauté 😊", {"key": "lisa"}),
    ("08:35:12", "Elise_V", "general", "ok", "Bienvenue Lisa ! N'hésite pas si tu as des questions, #support est là pour ça", {"reply": "lisa"}),
    ("08:41:05", "Lisa.fibre", "support", "ok", "Du coup une question : le technicien a posé la box mais le voyant fibre est éteint, je dois attendre combien de temps pour l'activation ?", {"key": "lisa2"}),
    ("08:44:30", "Romain_Fibre", "support", "ok", "En général l'activation se fait dans les 24h après le passage du technicien, parfois un peu plus", {"reply": "lisa2"}),
    ("09:04:51", "Celine_Bdx", "support", "complaint", "Bonjour, ma facture de mars comporte une option TV à 7,99€ que je n'ai jamais demandée. Je veux bien qu'on me l'enlève et qu'on me rembourse, merci.", {"key": "celine"}),
    ("09:09:30", "Sandra_modo", "support", "ok", "Bonjour Céline, désolée pour ça. Envoyez-moi votre numéro client en MP, je fais retirer l'option et rembourser le mois", {"reply": "celine"}),
    ("09:20:33", "nitro_drop", "general", "spam", "Discord offre 3 mois de Nitro gratuit à tous les membres de ce serveur 🎁 récupère le tien avant ce soir : https://dlscord-gifts.com/nitro-claim", {}),
    ("09:21:10", "Hugo__", "general", "ok", "lol le faux lien discord, signalé", {}),
    ("09:48:20", "Thomas_Bzh", "general", "ok", "Franchement Opalia c'est correct, j'ai eu pire chez mon ancien opérateur", {"key": "arg1"}),
    ("09:50:02", "dav1d", "general", "insult", "t'es qu'un b0uffon, ils te payent combien pour dire ça ?", {"key": "arg2", "reply": "arg1"}),
    ("09:51:15", "Kylian_2005", "general", "ok", "il a le droit d'être content nan ?", {"key": "arg3", "reply": "arg2"}),
    ("09:52:40", "Kylian_2005", "general", "insult", "il a le droit d'être content nan ? c0nn4rd va", {"edit": "arg3"}),
    ("09:53:05", "dav1d", "general", "insult", "ntm", {"reply": "arg3"}),
    ("09:54:00", "Modo_Julien", "general", "ok", "@dav1d @Kylian_2005 on se calme tous les deux. Premier avertissement, les insultes n'ont pas leur place ici.", {}),
    ("09:55:30", "Modo_Julien", "moderation", "ok", "Avertissement pour dav1d et Kylian_2005 dans #general, à surveiller", {}),
    ("10:02:11", "Gilles_retraite", "support", "personal_data", "Bonjour, je n'arrive pas à joindre le service client depuis deux jours. Qu'un conseiller me rappelle au 06 12 34 56 78 s'il vous plaît, je suis disponible toute la journée. Gilles", {"key": "gilles"}),
    ("10:05:40", "Sandra_modo", "support", "ok", "Bonjour Gilles, pour votre sécurité évitez de publier votre numéro ici, tout le monde peut le voir. Je vous écris en message privé 🙂", {"reply": "gilles"}),
    ("10:08:02", "Gilles_retraite", "support", "ok", "Bonjour, je n'arrive pas à joindre le service client depuis deux jours. Qu'un conseiller me rappelle s'il vous plaît (numéro envoyé en privé). Gilles", {"edit": "gilles"}),
    ("10:09:15", "Gilles_retraite", "support", "ok", "Merci madame, c'est gentil", {}),
    ("10:25:47", "Sandrine_59", "support", "complaint caps", "MA BOX REDÉMARRE TOUTE SEULE TOUTES LES 10 MINUTES DEPUIS 3 JOURS ET PERSONNE NE ME RÉPOND AU TÉLÉPHONE. J'EN AI MARRE !!!", {"key": "sandrine"}),
    ("10:29:10", "Elise_V", "support", "ok", "Bonjour Sandrine, désolée pour la galère. Est-ce que la box est bien ventilée (pas dans un meuble fermé) ? Une surchauffe peut provoquer ça. Sinon envoie-moi ta référence client en MP, on peut déclencher un échange", {"reply": "sandrine"}),
    ("10:33:02", "Sandrine_59", "support", "ok", "elle est dans le meuble tv fermé… je la sors et je vous dis", {}),
    ("10:37:41", "GainFacile01", "general", "spam", RAID_TEXT, {}),
    ("10:37:55", "lea_gains_", "support", "spam", RAID_TEXT, {}),
    ("10:38:12", "richesse.max", "entraide", "spam", RAID_TEXT, {}),
    ("10:38:30", "trader_sam", "hors-sujet", "spam", RAID_TEXT, {}),
    ("10:39:05", "Nassim_mod", "moderation", "ok", "Raid de spam : 4 comptes créés ce matin, même message partout en moins d'une minute. Bannis et messages supprimés.", {}),
    ("10:40:20", "Mathilde_R", "general", "ok", "c'était quoi ce spam partout 😂 merci les modos", {}),
    ("11:05:18", "pronos_vip_2026", "hors-sujet", "spam", "Cote boostée x15 sur PSG-OM ce week-end 🔥 Inscris-toi avec le code OPALIA200 sur https://paris-royal-bet.net et reçois 200€ offerts", {}),
    ("11:22:03", "Lucas.gamer", "support", "flood", "allo", {}),
    ("11:22:05", "Lucas.gamer", "support", "flood", "y a qqn ??", {}),
    ("11:22:08", "Lucas.gamer", "support", "flood", "ma box marche plus", {}),
    ("11:22:10", "Lucas.gamer", "support", "flood", "ALLO", {}),
    ("11:22:13", "Lucas.gamer", "support", "flood", "répondez", {}),
    ("11:22:15", "Lucas.gamer", "support", "flood", "???", {}),
    ("11:22:19", "Lucas.gamer", "support", "flood", "c urgent je suis en ranked", {}),
    ("11:22:22", "Lucas.gamer", "support", "flood", "allooooo", {"key": "flood"}),
    ("11:23:30", "Nassim_mod", "support", "ok", "@Lucas.gamer doucement, un seul message suffit 🙂 Dis-nous ce qui se passe : quel voyant sur la box ?", {"reply": "flood"}),
    ("11:24:50", "Lucas.gamer", "support", "ok", "dsl. voyant rouge sur la box, j'ai débranché rebranché et rien", {}),
    ("11:27:12", "Nassim_mod", "support", "ok", "Ok, une coupure est signalée dans ton secteur ce matin, c'est en cours de réparation. Ça devrait revenir dans l'heure", {}),
    ("11:41:09", "Patricia.D", "support", "personal_data", "Bonjour, je n'ai jamais reçu ma facture de février. Vous pouvez me la renvoyer à patricia.durand62@opalia.fr s'il vous plaît ?", {"key": "patricia"}),
    ("11:44:30", "Elise_V", "support", "ok", "Bonjour Patricia, je masque votre adresse mail par précaution. Vos factures sont toutes disponibles dans l'espace client, rubrique Mes factures 🙂", {"reply": "patricia"}),
    ("11:50:44", "ptitloup62", "support", "mass_mention", f"{MASS} @everyone quelqu'un peut m'aider svp ma box est bloquée sur l'écran de démarrage depuis ce matin", {"key": "mass"}),
    ("11:52:10", "Modo_Julien", "support", "ok", "Merci de ne pas mentionner tout le monde, on lit tous les messages 😉 Essaie de la débrancher 30 secondes, puis appuie sur le bouton power 10 secondes au rebranchement", {"reply": "mass"}),
    ("11:58:00", "ptitloup62", "support", "ok", "ça a marché merci et désolé pour les mentions", {}),
    ("12:14:37", "Alain_P", "support", "personal_data", "J'ai changé de banque. Voici mon nouveau RIB pour les prélèvements : FR76 3000 6000 0112 3456 7890 189, vous pouvez le mettre à jour de votre côté ?", {"key": "iban"}),
    ("12:17:20", "Sandra_modo", "support", "ok", "Alain, j'ai supprimé votre message : ne postez jamais votre IBAN sur un salon public. Le changement se fait dans l'espace client > Mes factures > Mode de paiement.", {"reply": "iban"}),
    ("12:19:05", "Alain_P", "support", "ok", "Ah mince, je ne savais pas. Merci, je fais ça", {}),
    ("12:03:18", "Olivier_Lille", "support", "complaint", "3e fois ce mois-ci que la box perd la synchro en pleine nuit, ça commence à faire beaucoup. Un technicien peut passer voir la ligne ?", {"key": "olivier"}),
    ("12:07:45", "Nassim_mod", "support", "ok", "Bonjour Olivier, je transmets au support technique pour un test de ligne, ils te recontactent sous 48 h", {"reply": "olivier"}),
    ("12:36:10", "Franck.V", "support", "hate", "Encore un technicien qui parle à peine français et qui comprend rien. Ces gens-là devraient retourner dans leur pays au lieu de venir nous pourrir la vie", {"key": "hate"}),
    ("12:37:40", "Charlotte.B", "support", "counter_speech", "Ce genre de propos n'a rien à faire ici. Le technicien fait son boulot, son origine n'a rien à voir avec ton problème.", {"reply": "hate"}),
    ("12:38:30", "Elise_V", "moderation", "ok", "Message haineux de Franck.V dans #support, supprimé. Je propose une exclusion temporaire, vous validez ?", {}),
    ("12:39:12", "Modo_Julien", "moderation", "ok", "Validé", {}),
    ("12:52:03", "Aurelie_Nantes", "general", "misinformation", "Attention, la nouvelle Box 7 émet 10 fois plus d'ondes que l'ancienne, ma voisine a des migraines depuis l'installation. Débranchez le wifi la nuit !", {"key": "waves"}),
    ("12:55:40", "Quentin_dev", "general", "ok", "Euh non, elle respecte les mêmes normes d'exposition que toutes les box, c'est mesuré par l'ANFR. Mais couper le wifi la nuit, pourquoi pas 🙂", {"reply": "waves"}),
    ("13:02:25", "Dylan.m", "hors-sujet", "ok", "l'OM va les éclater dimanche, aucun doute", {"key": "foot1"}),
    ("13:03:40", "Yanis_75", "hors-sujet", "ok", "mdr comme l'an dernier ? 😂", {"key": "foot2", "reply": "foot1"}),
    ("13:04:12", "Dylan.m", "hors-sujet", "insult", "ferme-la connnnnard, t'y connais rien", {"key": "foot3", "reply": "foot2"}),
    ("13:04:50", "Yanis_75", "hors-sujet", "insult", "fdp", {"reply": "foot3"}),
    ("13:05:31", "Justine_C", "hors-sujet", "counter_speech", "Oh c'est du foot les gars, pas la peine de vous insulter pour ça", {}),
    ("13:06:45", "Nassim_mod", "hors-sujet", "ok", "Messages supprimés. Dylan et Yanis, vous pouvez débattre sans vous insulter, sinon c'est mute.", {}),
    ("13:15:49", "Jessy_amour", "general", "spam", "coucou 😘 je m'ennuie un peu, viens discuter en privé avec moi sur mon telegram t.me/jessy_privee", {}),
    ("13:20:40", "Bruno_Metz", "support", "off_topic", "Au fait quelqu'un a des places pour le concert d'Orelsan à Lyon samedi ? Je paie bien", {"key": "ot"}),
    ("13:22:05", "Elise_V", "support", "ok", "Bruno, pour ça c'est #hors-sujet 😉", {"reply": "ot"}),
    ("13:31:17", "Ines.K", "general", "ok", "Quelqu'un sait s'il y a un moyen de récupérer les messages vocaux d'une ancienne ligne ?", {"key": "ines"}),
    ("13:33:05", "JulieDupont", "general", "ok", "Je crois pas, ils sont supprimés à la résiliation 😕", {"reply": "ines"}),
    ("13:36:44", "Nadia.S", "support", "ok", "Bonjour, je voulais savoir comment on fait pour changer de forfait sans réengagement", {}),
]

SURGE_SCRIPT_FR = [
    ("14:05:08", "Camille.M", "general", "complaint", "Quelqu'un d'autre n'a plus internet ? Box en rouge depuis 5 min, à Lyon 7e", {"key": "surge", "event": "surge_start"}),
    ("14:12:40", "Modo_Julien", "moderation", "ok", "Ça s'agite dans #support et #general, beaucoup de messages de panne. Claire t'es dispo ?", {}),
    ("14:14:55", "Claire_Opalia", "moderation", "ok", "Je vois, je contacte la supervision réseau et je prépare un message. Gardez un œil sur le ton des échanges", {}),
    ("14:16:30", "Mehdi_13", "general", "complaint", "Attendez… je viens de recevoir une notif de ma banque, Opalia m'a prélevé DEUX FOIS 39,99€ aujourd'hui ?!", {"key": "double1"}),
    ("14:23:12", "Nassim_mod", "moderation", "ok", "J'active le mode lent (30 s) sur #general, ça va trop vite", {}),
    ("14:26:40", "Sandra_modo", "general", "ok", "Bonjour à tous, on a bien vu vos messages sur la panne et les prélèvements, l'info est remontée. Merci de rester courtois, un message officiel arrive 🙏", {}),
    ("14:32:10", "Claire_Opalia", "annonces", "ok", "Bonjour à tous. Nous constatons actuellement un incident qui touche l'accès internet et mobile d'une partie de nos clients, ainsi que des prélèvements en double sur certains comptes. Nos équipes sont mobilisées. Nous revenons vers vous d'ici 30 minutes avec plus d'informations. Claire, pour Opalia", {"event": "brand_holding_statement"}),
    ("14:32:50", "Claire_Opalia", "general", "ok", "Un premier message est publié dans #annonces. Nous revenons vers vous d'ici 30 minutes, merci pour votre patience.", {"key": "holding"}),
    ("14:34:26", "ClientFurieux", "general", "complaint insult", "30 minutes ?? bande de c o n n a r d s, tout ça pour un message copié-collé", {"key": "ins1", "reply": "holding"}),
    ("14:35:40", "Pauline.G", "general", "counter_speech", "Traiter quelqu'un de connard n'est pas acceptable. On est tous énervés mais Claire n'y est pour rien.", {"reply": "ins1"}),
    ("14:37:12", "Mehdi_13", "support", "complaint caps", "REMBOURSEZ NOUS !!! C'EST PAS À NOUS DE PAYER VOS ERREURS", {}),
    ("14:40:03", "freddy.k", "general", "insult", "les modos ici c'est tous des соnnаrds qui suppriment nos messages", {}),
    ("14:43:50", "jm.durand", "general", "misinformation", "Il paraît qu'ils ont été piratés et que tous nos RIB sont dans la nature !!! Faites opposition sur vos comptes", {"key": "mis1"}),
    ("14:45:10", "Quentin_dev", "general", "ok", "@jm.durand source ? Rien ne dit qu'il y a eu un piratage, évitez de faire paniquer les gens", {"reply": "mis1"}),
    ("14:47:02", "Agnes_Lemoine_QN", "general", "press", "Bonjour, Agnès Lemoine, journaliste au Quotidien Numérique. Je prépare un article sur la panne et les doubles prélèvements d'aujourd'hui. Les personnes concernées qui accepteraient de témoigner peuvent m'écrire en MP. Opalia souhaite-t-elle réagir ?", {"event": "press_request"}),
    ("14:48:33", "Laetitia.V", "general", "complaint", "Lara de LaraTech vient de poster une vidéo « Opalia m'a prélevé deux fois et personne ne répond » 👉 https://x.com/laratech_fr/status/1899912345678901234 ça va faire du bruit", {"key": "lara", "event": "influencer_share"}),
    ("14:49:20", "Oceane.B", "general", "complaint", "Elle a 800k abonnés, ça tourne partout là", {"reply": "lara"}),
    ("14:50:41", "Vincent.lg", "support", "misinformation", "Mon beau-frère bosse chez Opalia : ils prélèvent en double exprès pour boucher un trou dans la trésorerie avant le rachat", {}),
    ("14:52:17", "Gilles_retraite", "support", "complaint personal_data", "Madame Claire rappelez-moi svp au 06 39 98 41 27, ça fait 3 fois que j'appelle le service client et j'ai été prélevé deux fois", {"key": "gilles2"}),
    ("14:53:30", "Sandra_modo", "support", "ok", "Gilles, j'ai masqué votre numéro, ne le postez pas ici s'il vous plaît. Je vous écris en privé pour transmettre votre demande 🙏", {"reply": "gilles2"}),
    ("14:55:05", "Opalia_Remboursements", "general", "spam", "📢 SERVICE REMBOURSEMENT OPALIA 📢 Les clients prélevés deux fois peuvent être remboursés sous 24h. Envoyez votre IBAN et votre numéro client ici 👉 t.me/+OpRembourse24", {"key": "phish"}),
    ("14:56:10", "Romain_Fibre", "general", "ok", "⚠️ Attention le compte « Opalia_Remboursements » est une arnaque, Opalia ne demandera jamais votre IBAN sur Telegram !", {"reply": "phish"}),
    ("14:56:44", "Nassim_mod", "general", "ok", "Compte frauduleux banni. Rappel : l'équipe Opalia a le rôle community_manager, personne d'autre ne vous contactera au nom d'Opalia.", {}),
    ("14:58:20", "LeaNoOpalia", "general", "insult", "le CM qui répond pas c'est un fdp", {}),
    ("15:00:12", "Mark.Ellis.TechWire", "general", "press", "Hi, Mark Ellis from TechWire Europe. We're covering today's Opalia outage and the double charges. Could the Opalia team comment on how many customers are affected? Anyone willing to share their experience, please DM me.", {}),
    ("15:01:30", "Sarah_in_Lyon", "support", "complaint", "this is a scam and I want my money back", {}),
    ("15:05:30", "Claire_Opalia", "annonces", "ok", "📢 Point de situation. 1) Incident réseau : une panne sur un équipement de cœur de réseau affecte l'internet fixe et mobile en Île-de-France et en Auvergne-Rhône-Alpes. Rétablissement progressif prévu dans l'heure. 2) Double prélèvement : une erreur de notre prestataire de paiement a déclenché un second prélèvement pour une partie des clients. Il sera remboursé automatiquement sous 5 jours ouvrés, et les éventuels frais bancaires seront pris en charge sur simple demande. Vous n'avez aucune démarche à faire. Nous sommes sincèrement désolés. Claire, pour Opalia", {"key": "statement", "event": "brand_statement"}),
    ("15:06:05", "Claire_Opalia", "general", "ok", "Point de situation publié dans #annonces 👉 remboursement automatique sous 5 jours ouvrés, frais bancaires pris en charge, rétablissement du réseau en cours. Je reste ici pour répondre à vos questions.", {"key": "statement2"}),
    ("15:09:44", "xavier_vdm", "general", "misinformation", "Croyez pas leur histoire de « prestataire », c'est la 5G qui a tout fait planter, leurs antennes sont pourries depuis des mois", {}),
    ("15:12:18", "Sofiane93", "general", "ok", "Bon au moins on a une réponse claire, remboursement auto c'est déjà ça", {"key": "sof"}),
    ("15:13:02", "ClientFurieux", "general", "insult", "@Sofiane93 t'es qu'un b0uffon à défendre Opalia, t'es payé combien ?", {"reply": "sof"}),
    ("15:14:37", "Opalia_Victime", "general", "threat", "Je connais votre boutique de la Part-Dieu. Si demain j'ai pas mon argent je passe avec des potes et je vous jure que vos vendeurs vont le regretter", {"key": "threat"}),
    ("15:15:50", "Camille.M", "general", "counter_speech", "Menacer les vendeurs en boutique ça sert à rien, ils sont pas responsables. On peut être en colère sans ça.", {"reply": "threat"}),
    ("15:16:30", "Elise_V", "moderation", "ok", "Menace contre la boutique Part-Dieu par Opalia_Victime (15:14). Capture faite, compte banni. Claire, je pense qu'il faut prévenir la sécurité du magasin.", {}),
    ("15:18:09", "MamanDe3", "support", "complaint caps", "JE VEUX MON ARGENT. MAINTENANT. PAS DANS 5 JOURS.", {}),
    ("15:20:44", "bricejo", "general", "insult", "vous êtes des abrutis finis chez Opalia", {}),
    ("15:24:15", "AnthoBzh", "general", "misinformation", "Opalia va être placé en redressement judiciaire, c'est dans Les Échos, résiliez avant qu'il soit trop tard", {"key": "mis3"}),
    ("15:25:30", "Claire_Opalia", "general", "ok", "@AnthoBzh c'est faux, il n'y a aucune procédure de ce type. Merci de ne pas relayer de fausses informations.", {"reply": "mis3"}),
    ("15:27:02", "Tristan.V", "support", "complaint", "Toujours pas d'internet et pas un mot sur le dédommagement. Vous êtes nuls.", {"key": "tristan"}),
    ("15:28:40", "Tristan.V", "support", "complaint insult", "Toujours pas d'internet et pas un mot sur le dédommagement. Vous êtes nuls. Bande d'escrocs de merde.", {"edit": "tristan"}),
    ("15:31:15", "Manu_0612", "general", "insult", "Claire ferme-la avec tes messages tout faits, incapable", {}),
    ("15:32:00", "Noemie_R", "general", "counter_speech", "On peut critiquer Opalia sans insulter Claire personnellement, elle fait le tampon pour toute la boîte depuis 1h", {}),
    ("15:34:48", "Stef_77_", "support", "complaint caps", "ÇA FAIT 1H30 QUE J'ATTENDS AU TÉLÉPHONE !!! QUELQU'UN VA RÉPONDRE OUI ???", {}),
    ("15:36:20", "colere_opalia", "general", "insult", "ntm opalia", {}),
    ("15:38:05", "Kylian_2005", "general", "insult caps", "PTN DE BANDE DE CONNARDS", {}),
    ("15:40:30", "Claire_Opalia", "annonces", "ok", "✅ Le service est rétabli pour l'ensemble des clients. Si votre box reste en rouge, redémarrez-la. Pour nous excuser, un mois d'abonnement sera offert à tous les clients concernés, crédité automatiquement sur la prochaine facture. Merci pour votre patience, et encore désolés pour cette journée. Claire", {"event": "service_restored"}),
    ("15:41:10", "Claire_Opalia", "general", "ok", "Tout est rétabli 🎉 les détails (et le mois offert) sont dans #annonces", {}),
    ("15:44:22", "Mathilde_R", "general", "insult", "va te faire foutre avec ton mois offert", {}),
    ("15:49:50", "Agnes_Lemoine_QN", "general", "press", "Merci à ceux qui m'ont écrit. @Claire_Opalia pouvez-vous confirmer le nombre de clients concernés par le double prélèvement ?", {"key": "press2"}),
    ("15:52:15", "Claire_Opalia", "general", "ok", "Bonjour Agnès, je vous invite à contacter notre service presse à presse@opalia.fr, ils vous répondront dans l'après-midi.", {"reply": "press2"}),
    ("15:55:02", "Ludivine.P", "support", "complaint", "Bon internet est revenu mais mes 44,99€ prélevés en trop je les vois toujours pas. J'attendrai les 5 jours mais si c'est pas là lundi je porte plainte", {"key": "ludi"}),
    ("16:08:41", "Ludivine.P", "support", "complaint", "Bon internet est revenu mais mes 44,99€ prélevés en trop je les vois toujours pas. J'attendrai les 5 jours mais si c'est pas là lundi je porte plainte. EDIT : le service client vient de m'appeler, remboursement confirmé", {"edit": "ludi"}),
    ("16:10:30", "Nassim_mod", "moderation", "ok", "Ça se calme. Je repasse le mode lent à 5 s sur #general", {}),
    ("16:12:44", "Claire_Opalia", "moderation", "ok", "Merci à tous pour cet après-midi. Je prépare le bilan pour la direction, envoyez-moi les captures des menaces et des faux comptes", {}),
    ("16:34:20", "Pauline.G", "general", "ok", "Merci aux modos qui ont tenu la baraque cet aprem, c'était chaud", {}),
    ("16:52:03", "Hamza_92", "general", "complaint", "Toujours pas remboursé, on verra bien dans 5 jours…", {}),
    ("17:31:12", "Agnes_Lemoine_QN", "general", "press", "Pour information, l'article est en ligne : https://lequotidiennumerique.fr/2026/03/12/opalia-panne-double-prelevement. Merci aux témoins.", {}),
    ("18:05:40", "Claire_Opalia", "annonces", "ok", "📢 Bilan de la journée : service rétabli depuis 16h40 (heure de Paris), remboursements des doubles prélèvements lancés, mois offert crédité sur la prochaine facture. Une FAQ est disponible sur le site. Merci à toutes et à tous pour votre patience.", {}),
    ("19:12:30", "*", "general", "complaint", "Bonne soirée quand même, mais j'espère que ça se reproduira pas", {}),
]

CALM_FR = [
    ("06:58:40", "Sandra_modo", "moderation", "ok", "Bonjour l'équipe, je prends le matin", {}),
    ("07:45:00", "Claire_Opalia", "annonces", "ok", "📢 Maintenance programmée cette nuit entre 2h et 5h sur une partie des Hauts-de-France. Des micro-coupures sont possibles. Merci de votre compréhension !", {}),
    ("09:44:12", "nouveau_client_44", "general", "ok", "Bonjour à tous, nouveau client fibre depuis cette semaine 👋", {"key": "nc"}),
    ("09:46:30", "Elise_V", "general", "ok", "Bienvenue ! Les questions techniques c'est dans #support, et il y a plein de tutos dans #entraide", {"reply": "nc"}),
    ("10:12:33", "crypto_pierre", "general", "spam", "Je partage ma méthode : +300% en une semaine avec le token OPX, le lien est dans ma bio 🚀 https://opx-token-presale.io", {}),
    ("10:13:50", "Nassim_mod", "moderation", "ok", "Spam crypto de crypto_pierre supprimé, compte banni", {}),
    ("11:20:05", "Audrey_88", "support", "ok", "Bonjour, comment on active le contrôle parental sur le décodeur ?", {"key": "aud"}),
    ("11:23:40", "Audrey_88", "support", "ok", "Bonjour, comment on active le contrôle parental sur le décodeur TV ? J'ai un code à 4 chiffres mais je sais pas lequel", {"edit": "aud"}),
    ("11:27:15", "Sabrina_K", "support", "ok", "Par défaut c'est 1234, tu peux le changer dans Réglages > Contrôle parental", {"reply": "aud"}),
    ("15:22:30", "Benji_M", "general", "ok", "slt tlm, jviens darriver, ya un salon pour les gamers ?", {"key": "benji"}),
    ("15:24:02", "Lucas.gamer", "general", "ok", "yes #hors-sujet, on fait des parties le soir", {"reply": "benji"}),
    ("16:05:40", "Modo_Julien", "moderation", "ok", "Je prends le relais pour la soirée", {}),
    ("19:40:17", "bet_master", "hors-sujet", "spam", "🔥 PRONOS 100% FIABLES 🔥 Rejoins mon canal VIP pour les matchs de ce soir 👉 t.me/+PronosVIPfr", {}),
    ("19:41:30", "Modo_Julien", "moderation", "ok", "bet_master banni (spam paris sportifs)", {}),
    ("21:14:20", "Dylan.m", "hors-sujet", "ok", "l'arbitre a volé le match ce soir, sans discussion", {"key": "f1"}),
    ("21:15:02", "Bastien_Grenoble", "hors-sujet", "ok", "n'importe quoi, le penalty était clair", {"key": "f2", "reply": "f1"}),
    ("21:15:40", "Dylan.m", "hors-sujet", "insult", "t'es vraiment un abruti toi", {"reply": "f2"}),
    ("21:17:05", "Modo_Julien", "hors-sujet", "ok", "@Dylan.m on reste correct svp, message supprimé", {}),
    ("21:18:30", "Dylan.m", "hors-sujet", "ok", "ok ok dsl", {}),
]

MORNING_EN = [
    ("07:40:00", "Claire_Opalia", "annonces", "ok", "📢 Morning all! Reminder: version 5.2 of the Opalia app is out and fixes the usage display bug. Have a nice day 🙂", {}),
    ("08:02:14", "CryptoKing_Elite", "general", "ok", "Hi everyone 👋 happy to join", {"key": "crypto1"}),
    ("08:09:51", "CryptoKing_Elite", "general", "spam", "🚀 I doubled my BTC in 24h with this trading bot. Send 0.05 BTC, get 0.1 BTC back guaranteed 👉 https://btc-doubler.pro/opalia", {"edit": "crypto1"}),
    ("08:14:02", "Sandra_modo", "moderation", "ok", "Kicked CryptoKing_Elite, edited his welcome message into a crypto link", {}),
    ("09:20:33", "nitro_drop", "general", "spam", "Discord is giving 3 months of free Nitro to every member of this server 🎁 claim yours before tonight: https://dlscord-gifts.com/nitro-claim", {}),
    ("09:48:20", "chris_uk", "general", "ok", "Honestly Opalia has been fine for me, had way worse with my last provider", {"key": "arg1"}),
    ("09:50:02", "oliver.t", "general", "insult", "you're such an 1d10t, how much do they pay you?", {"key": "arg2", "reply": "arg1"}),
    ("09:51:15", "ben.carter", "general", "ok", "he's allowed to be happy, no?", {"key": "arg3", "reply": "arg2"}),
    ("09:52:40", "ben.carter", "general", "insult", "he's allowed to be happy, no? f u c k off mate", {"edit": "arg3"}),
    ("09:54:00", "Modo_Julien", "general", "ok", "@oliver.t @ben.carter cool it, both of you. First warning, no insults here.", {}),
    ("10:02:11", "david_nz", "support", "personal_data", "Hi, can't reach customer service for two days. Could someone call me back on +44 7700 900123 please, I'm free all day", {"key": "phone"}),
    ("10:05:40", "Sandra_modo", "support", "ok", "Hi David, please don't post your number here, anyone can see it. I'll DM you 🙂", {"reply": "phone"}),
    ("10:25:47", "Hannah_M", "support", "complaint caps", "MY BOX HAS BEEN REBOOTING EVERY 10 MINUTES FOR 3 DAYS AND NOBODY ANSWERS THE PHONE. I'M SO DONE !!!", {"key": "caps"}),
    ("10:29:10", "Elise_V", "support", "ok", "Sorry Hannah! Is the box in a closed cabinet? Overheating can do that. Otherwise DM me your customer ref and we'll swap it", {"reply": "caps"}),
    ("10:37:41", "GainFacile01", "general", "spam", RAID_TEXT_EN, {}),
    ("10:37:55", "lea_gains_", "support", "spam", RAID_TEXT_EN, {}),
    ("10:38:12", "richesse.max", "entraide", "spam", RAID_TEXT_EN, {}),
    ("10:38:30", "trader_sam", "hors-sujet", "spam", RAID_TEXT_EN, {}),
    ("10:39:05", "Nassim_mod", "moderation", "ok", "Spam raid: 4 accounts created this morning, same message everywhere within a minute. Banned.", {}),
    ("11:22:03", "Raj.P", "support", "flood", "hello", {}),
    ("11:22:05", "Raj.P", "support", "flood", "anyone??", {}),
    ("11:22:08", "Raj.P", "support", "flood", "my box is dead", {}),
    ("11:22:10", "Raj.P", "support", "flood", "HELLO", {}),
    ("11:22:13", "Raj.P", "support", "flood", "answer pls", {}),
    ("11:22:15", "Raj.P", "support", "flood", "???", {}),
    ("11:22:19", "Raj.P", "support", "flood", "it's urgent", {}),
    ("11:22:22", "Raj.P", "support", "flood", "hellooooo", {"key": "flood"}),
    ("11:23:30", "Nassim_mod", "support", "ok", "@Raj.P easy, one message is enough 🙂 What light is on the box?", {"reply": "flood"}),
    ("11:41:09", "Emily.W", "support", "personal_data", "Hi, never got my February bill. Can you resend it to emily.walsh84@opalia.fr please?", {}),
    ("11:50:44", "Aisha_N", "support", "mass_mention", f"{MASS} @everyone can someone help me please, my box is stuck on the boot screen since this morning", {}),
    ("12:14:37", "Lukas.S", "support", "personal_data", "Changed banks. Here's my new IBAN for the direct debit: FR14 2004 1010 0505 0001 3M02 606, can you update it?", {"key": "iban"}),
    ("12:17:20", "Sandra_modo", "support", "ok", "Lukas, I removed your message: never post your IBAN in a public channel. You can change it in your account > Bills > Payment method.", {"reply": "iban"}),
    ("12:36:10", "mike.h", "support", "hate", "Another tech who barely speaks French or English. People like that should go back to their own country instead of ruining everything here", {"key": "hate"}),
    ("12:37:40", "Grace_L", "support", "counter_speech", "That's not ok. The tech is doing his job, where he comes from has nothing to do with your problem.", {"reply": "hate"}),
    ("12:52:03", "jan_from_berlin", "general", "misinformation", "Heads up, the new Box 7 emits 10x more radiation than the old one, my neighbour gets migraines since it was installed. Turn off the wifi at night!", {}),
    ("13:04:12", "Diego_BCN", "hors-sujet", "insult", "stfu, moooron, you know nothing about football", {}),
    ("13:05:31", "Priya.K", "hors-sujet", "counter_speech", "Guys it's football, no need to insult each other", {}),
    ("13:20:40", "Lukas.S", "support", "off_topic", "Btw anyone got tickets for the Coldplay gig in Lyon on Saturday? Happy to pay", {"key": "ot"}),
    ("13:22:05", "Elise_V", "support", "ok", "Lukas, that's one for #hors-sujet 😉", {"reply": "ot"}),
    ("13:15:49", "Jessy_amour", "general", "spam", "hey 😘 bored, come chat with me privately on my telegram t.me/jessy_privee", {}),
]

SURGE_SCRIPT_EN = [
    ("14:05:08", "Sarah_in_Lyon", "general", "complaint", "Anyone else lost internet? Box went red 5 minutes ago, Lyon 7e", {"key": "surge", "event": "surge_start"}),
    ("14:14:55", "Claire_Opalia", "moderation", "ok", "I see it, contacting network ops and preparing a message. Keep an eye on the tone", {}),
    ("14:16:30", "tom_the_geek", "general", "complaint", "Wait… my bank just pinged me, Opalia charged me TWICE 39.99€ today?!", {}),
    ("14:32:10", "Claire_Opalia", "annonces", "ok", "Hello everyone. We are currently seeing an incident affecting internet and mobile access for part of our customers, as well as double direct debits on some accounts. Our teams are on it. We'll update you within 30 minutes. Claire, for Opalia", {"key": "holding", "event": "brand_holding_statement"}),
    ("14:34:26", "angry_in_paris", "general", "complaint insult", "30 minutes?? you bunch of іdіоts, all that for a copy-paste message", {"key": "ins1"}),
    ("14:35:40", "Grace_L", "general", "counter_speech", "Calling people idiots is not ok. We're all angry but Claire isn't to blame.", {"reply": "ins1"}),
    ("14:43:50", "jess.w", "general", "misinformation", "Apparently they got hacked and all our bank details are out there!!! Block your cards now", {}),
    ("14:48:33", "Emily.W", "general", "complaint", "Lara from LaraTech just posted a video « Opalia charged me twice and nobody answers » 👉 https://x.com/laratech_fr/status/1899912345678901234 this is going to blow up", {"event": "influencer_share"}),
    ("14:55:05", "Opalia_Remboursements", "general", "spam", "📢 OPALIA REFUND SERVICE 📢 Customers charged twice can be refunded within 24h. Send your IBAN and customer number here 👉 t.me/+OpRembourse24", {}),
    ("15:00:12", "Mark.Ellis.TechWire", "general", "press", "Hi, Mark Ellis from TechWire Europe. We're covering today's Opalia outage and the double charges. Could the Opalia team comment on how many customers are affected? Anyone willing to share their experience, please DM me.", {"event": "press_request"}),
    ("15:05:30", "Claire_Opalia", "annonces", "ok", "📢 Update. 1) Network: a core network failure is affecting fixed and mobile internet in Île-de-France and Auvergne-Rhône-Alpes, gradual recovery expected within the hour. 2) Double debit: an error at our payment provider triggered a second debit for some customers. It will be refunded automatically within 5 working days, and any bank fees will be covered on request. You don't need to do anything. We are truly sorry. Claire, for Opalia", {"event": "brand_statement"}),
    ("15:14:37", "NoMoreOpalia", "general", "threat", "I know where your Part-Dieu shop is. If I don't get my money tomorrow I'm coming with some mates and I swear your staff will regret it", {"key": "threat"}),
    ("15:15:50", "chris_uk", "general", "counter_speech", "Threatening shop staff won't help, they're not responsible. We can be angry without that.", {"reply": "threat"}),
    ("15:18:09", "Megan.T", "support", "complaint caps", "I WANT MY MONEY. NOW. NOT IN 5 DAYS.", {}),
    ("15:27:02", "ryan_k", "support", "complaint", "Still no internet and not a word about compensation. Your customer service is useless.", {"key": "ryan"}),
    ("15:28:40", "ryan_k", "support", "complaint insult", "Still no internet and not a word about compensation. Your customer service is useless. Bunch of w4nkers.", {"edit": "ryan"}),
    ("15:31:15", "angry_in_paris", "general", "insult", "Claire shut up with your canned messages, you useless clown", {}),
    ("15:40:30", "Claire_Opalia", "annonces", "ok", "✅ Service is restored for all customers. If your box is still red, restart it. To apologise, one month of subscription will be credited to all affected customers on the next bill. Thank you for your patience, and sorry again for today. Claire", {"event": "service_restored"}),
    ("15:49:50", "Mark.Ellis.TechWire", "general", "press", "Thanks to those who reached out. @Claire_Opalia can you confirm how many customers were double-charged?", {}),
    ("16:34:20", "Priya.K", "general", "ok", "Thanks to the mods for holding the fort this afternoon, that was intense", {}),
]

# People who stop posting at a given time of the bad-buzz day (excluded or banned by the moderators).
SILENCED = {
    "fr": {"Franck.V": "12:36:10", "Opalia_Victime": "15:14:37"},
    "en": {"mike.h": "12:36:10", "NoMoreOpalia": "15:14:37"},
}

TINY = [  # (seconds after TINY_START, author, channel, labels, text, options)
    (0, "Mathilde_R", "support", "ok", "Bonjour, comment on change le mot de passe du wifi ?", {"key": "q"}),
    (40, "Romain_Fibre", "support", "ok", "Interface de la box (192.168.1.1) > Wi-Fi > Sécurité 🙂", {"reply": "q"}),
    (75, "Ludo_Rennes", "support", "complaint", "Votre service client est nul, 40 minutes d'attente pour rien.", {}),
    (110, "dav1d", "general", "insult", "t'es qu'un c0nn4rd", {"key": "ins"}),
    (130, "Justine_C", "general", "counter_speech", "Traiter quelqu'un de connard n'est pas acceptable.", {"reply": "ins"}),
    (160, "Franck.V", "support", "hate", "Ces gens-là devraient retourner dans leur pays au lieu de venir nous pourrir la vie", {}),
    (190, "Jordan.p", "general", "threat", "Je sais où tu habites, je vais venir te casser la gueule", {}),
    (220, "crypto_pierre", "general", "spam", "🚀 Double tes BTC en 24h, garanti 👉 https://btc-doubler.pro/opalia", {}),
    (250, "Gilles_retraite", "support", "personal_data", "Rappelez-moi au 06 12 34 56 78 svp", {}),
    (280, "Lucas.gamer", "support", "flood", "allo", {}),
    (282, "Lucas.gamer", "support", "flood", "y a qqn ??", {}),
    (284, "Lucas.gamer", "support", "flood", "répondez", {}),
    (286, "Lucas.gamer", "support", "flood", "???", {}),
    (320, "Sandrine_59", "support", "complaint caps", "MA BOX REDÉMARRE TOUTE SEULE DEPUIS 3 JOURS, J'EN AI MARRE !!!", {}),
    (350, "ptitloup62", "support", "mass_mention", f"{MASS} @everyone aidez-moi svp", {}),
    (380, "Dylan.m", "support", "off_topic", "Vous avez vu le match PSG-OM hier soir ?", {}),
    (410, "Aurelie_Nantes", "general", "misinformation", "Ils ont été piratés, tous nos RIB sont dans la nature, faites opposition !", {}),
    (440, "Agnes_Lemoine_QN", "general", "press", "Bonjour, journaliste au Quotidien Numérique : Opalia souhaite-t-elle réagir aux doubles prélèvements ?", {}),
    (470, "Lisa.fibre", "general", "ok", "Bonjour ! Nouvelle cliente, ravie de rejoindre la communauté 😊", {}),
    (500, "ClientFurieux", "general", "complaint insult", "Prélevé deux fois, bande de c o n n a r d s", {}),
]
TINY_START = "2026-03-12T16:00:00Z"  # after the bad buzz: its newcomers have joined


# fmt: on
# =============================================================================================
# Code
# =============================================================================================


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: tuple[str, ...]
    joined: datetime
    created: datetime
    style: str
    lang: str
    activity: int = 1  # relative chance of speaking in background threads


@dataclass
class Draft:
    """A message before ids are assigned; reply_to and edit_of point at other drafts."""

    ts: datetime
    channel: str
    author: Person
    text: str
    labels: list[str]
    lang: str = "fr"
    reply_to: Draft | None = None
    edit_of: Draft | None = None
    event: str | None = None
    mentions: int = 0
    id: str = ""


def parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: datetime, hhmmss: str) -> datetime:
    parts = [int(p) for p in hhmmss.split(":")] + [0]
    return day + timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


# --- people ----------------------------------------------------------------------------------


def random_dates(rng: random.Random) -> tuple[datetime, datetime]:
    """A join date on the server (created 2021-09) and an older account creation date."""
    start, end = parse_ts("2021-09-05T00:00:00Z"), parse_ts("2026-02-25T00:00:00Z")
    joined = start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
    oldest = max(parse_ts("2016-05-01T00:00:00Z"), joined - timedelta(days=6 * 365))
    span = int((joined - oldest).total_seconds())
    created = joined - timedelta(seconds=rng.randrange(max(span, 3600)))
    return joined.replace(microsecond=0), created.replace(microsecond=0)


def build_people() -> dict[str, Person]:
    """Everybody in the community, by name; ids are stable across streams."""
    rng = random.Random(SEED)
    people: dict[str, Person] = {}

    def add(
        name: str,
        roles: list[str],
        joined: datetime,
        created: datetime,
        style: str,
        lang: str,
        activity: int = 1,
    ) -> None:
        people[name] = Person(
            f"u{len(people) + 1:03d}", name, tuple(roles), joined, created, style, lang, activity
        )

    for name in REGULARS:
        joined, created = random_dates(rng)
        add(
            name,
            [],
            joined,
            created,
            rng.choice(STYLES_FR),
            "fr",
            rng.choice([1, 1, 1, 2, 2, 3, 5, 8]),
        )
    for name in EXPATS:
        joined, created = random_dates(rng)
        add(name, [], joined, created, rng.choice(STYLES_EN), "en", rng.choice([1, 1, 2, 3, 5]))
    assert len(people) == 129, "the member pool changed size: update MASS (staff ids)"
    for name, roles, joined, created, style, lang in STAFF:
        add(name, roles, parse_ts(joined), parse_ts(created), style, lang)
    for name, joined, created, style, lang in SPECIAL_ACCOUNTS:
        add(name, [], parse_ts(joined), parse_ts(created), style, lang)
    buzz = parse_ts("2026-03-12T14:00:00Z")
    for name, minutes, age, style, lang in BUZZ_NEWCOMERS:
        joined = buzz + timedelta(minutes=minutes, seconds=rng.randrange(60))
        if age == "new":
            created = joined - timedelta(minutes=rng.randrange(4, 70))
        else:
            created = joined - timedelta(days=rng.randrange(200, 3000), minutes=rng.randrange(1440))
        add(name, [], joined, created, style, lang)
    return people


# --- text styling ----------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    return unicodedata.normalize("NFC", kept)


def add_typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap two letters
    elif kind < 0.8:
        w = w[:j] + w[j + 1 :]  # drop a letter
    else:
        w = w[:j] + w[j] + w[j:]  # double a letter
    words[i] = w
    return " ".join(words)


def add_emoji(rng: random.Random, text: str, angry: bool) -> str:
    if not text or not (text[-1].isalnum() or text[-1] in ".!?…"):
        return text
    if angry:
        choices = EMOJI_ANGRY
    elif "merci" in text.lower() or "thank" in text.lower():
        choices = ["🙏", "👍", "🙂"]
    else:
        choices = ["🤔", "😅", "🙏"] if "?" in text else EMOJI_OK
    return f"{text} {rng.choice(choices)}"


def norm_key(text: str) -> str:
    """What makes two lines "the same" for a duplicate detector: letters and digits only."""
    return "".join(c for c in strip_accents(text.lower()) if c.isalnum())


def keeps_case(word: str) -> bool:
    """Acronyms, pseudonyms (Mehdi_13, Coralie.S, JulieDupont) and names keep their capitals."""
    if sum(c.isalpha() for c in word) >= 2 and word.isupper():
        return True
    return any(c in "_.0123456789" for c in word.rstrip(".,:;!?")) or any(
        c.isupper() for c in word[1:]
    )


def decapitalise(text: str) -> str:
    if text.startswith(KEEP_CASE) or keeps_case(text.split(" ")[0]):
        return text
    return text[:1].lower() + text[1:]


def vary(rng: random.Random, text: str, lang: str, kind: str, fill: dict[str, str]) -> str:
    """Add an opener, a closer or both, as people do."""
    openers, closers = VARY[(lang, kind)]
    roll = rng.random()
    opened = roll < 0.55 and not text.lower().startswith(GREETINGS)
    if opened:
        opener = rng.choice(openers)
        text = opener + (text if opener.endswith(". ") else decapitalise(text))
    if roll > 0.35 or not opened:
        closer = rng.choice(closers).format(**fill)
        repeated = norm_key(closer) and norm_key(closer) in norm_key(text)
        thanks = any(t in closer.lower() and t in text.lower() for t in ("merci", "thank"))
        if not (repeated or thanks):
            if closer.strip()[:1].isalpha() and text[-1:] not in ".!?…" and text[-1:].isascii():
                text += "."
            text += closer
    return text


def unique(
    rng: random.Random, text: str, lang: str, kind: str, fill: dict[str, str], used: set[str]
) -> str | None:
    """The line, or a varied version of it, that nobody wrote yet today; None if none found."""
    candidate = text
    for _ in range(10):
        key = norm_key(candidate)
        if len(key) < 15 or key not in used:
            used.add(key)
            return candidate
        candidate = vary(rng, text, lang, kind, fill)
    return None


def stylise(rng: random.Random, text: str, person: Person, labels: list[str]) -> str:
    """Make a template sound like its author: casing, punctuation, SMS spelling, typos, emoji."""
    angry = "complaint" in labels
    style = person.style
    if style == "soigne":
        return add_emoji(rng, text, angry) if rng.random() < 0.06 else text
    if style == "sms":
        for old, new in SMS_SWAPS:
            text = text.replace(old, new)
        text = " ".join(
            w if w.startswith(("@", "<@", "http")) else w.lower() for w in text.split(" ")
        )
        if rng.random() < 0.6:
            text = strip_accents(text)
        text = text.rstrip(".").replace(" ?", "?").replace(" !", "!")
        if text.endswith("?") and rng.random() < 0.4:
            text += "?"
    else:  # relax, typo
        if rng.random() < 0.5:
            text = decapitalise(text)
        if text.endswith(".") and not text.endswith("..") and rng.random() < 0.6:
            text = text[:-1]
        if style == "typo" and rng.random() < 0.25:
            text = add_typo(rng, text)
    if rng.random() < 0.22:
        text = add_emoji(rng, text, angry)
    return text


# --- background conversations ----------------------------------------------------------------


class Cast:
    """Picks speakers: regulars weighted by activity, a moderator, the community manager."""

    def __init__(
        self,
        rng: random.Random,
        people: dict[str, Person],
        day: datetime,
        lang: str,
        silenced: dict[str, datetime] | None = None,
    ):
        self.rng = rng
        self.silenced = silenced or {}
        pool = [
            p
            for p in people.values()
            if not p.roles and p.joined < day and (p.name in REGULARS or p.name in EXPATS)
        ]
        self.fr = [p for p in pool if p.lang == "fr"]
        self.en = [p for p in pool if p.lang == "en"]
        self.main = self.en if lang == "en" else self.fr
        self.mods = [p for p in people.values() if "moderateur" in p.roles]
        self.cm = next(p for p in people.values() if "community_manager" in p.roles)

    def member(self, pool: list[Person], exclude: set[str], when: datetime | None = None) -> Person:
        choices = [
            p
            for p in pool
            if p.name not in exclude
            and (when is None or when < self.silenced.get(p.name, when + timedelta(1)))
        ]
        return self.rng.choices(choices, weights=[p.activity for p in choices])[0]


def pick_variant(rng: random.Random, variants: list[str], k: int) -> str:
    if variants[0] == "*":
        return rng.choice(variants[1:])
    return variants[k % len(variants)]


def thread_gap(rng: random.Random) -> timedelta:
    return timedelta(seconds=int(min(900, max(12, rng.lognormvariate(4.2, 0.8)))))


def turn_kind(who: str, index: int, labels: list[str], thread_kind: str) -> str:
    if who == "A" and index == 0:
        if "complaint" in labels:
            return "polite"
        return "share" if thread_kind == "entraide" else "question"
    return "thanks" if who == "A" else "answer"


def render_thread(
    rng: random.Random,
    cast: Cast,
    template: tuple,
    start: datetime,
    asker_pool: list[Person],
    lang: str,
    used: set[str],
    used_threads: set[tuple[str, int]],
) -> list[Draft]:
    kind, channels, _weight, _hours, turns = template
    channel = rng.choice(channels)
    variants = len(turns[0][2])
    opening = turns[0][2][0]
    fresh = [k for k in range(variants) if (opening, k) not in used_threads]
    if not fresh and rng.random() < 0.75:
        return []  # this opening was used in every variant today; let another template speak
    k = rng.choice(fresh) if fresh else rng.randrange(variants)
    used_threads.add((opening, k))
    keep = rng.randint(1, len(turns)) if rng.random() < 0.45 else len(turns)
    speakers: dict[str, Person] = {"A": cast.member(asker_pool, set(), start)}
    speakers["B"] = cast.member(cast.main, {speakers["A"].name}, start)
    speakers["C"] = cast.member(cast.main, {speakers["A"].name, speakers["B"].name}, start)
    speakers["M"] = rng.choice(cast.mods)
    speakers["CM"] = cast.cm
    fill = {
        "a": speakers["A"].name,
        "b": speakers["B"].name,
        "city": rng.choice(CITIES),
        "years": str(rng.randint(2, 12)),
    }
    drafts: list[Draft] = []
    ts = start
    for index, (who, labels, variants) in enumerate(turns[:keep]):
        person = speakers[who]
        labels_list = labels.split()
        text = pick_variant(rng, variants, k).format(**fill)
        text = unique(rng, text, lang, turn_kind(who, index, labels_list, kind), fill, used)
        if text is None:  # this conversation was already had today: stop the thread here
            break
        text = stylise(rng, text, person, labels_list)
        reply = None
        if drafts and rng.random() < 0.6:
            reply = drafts[-1] if rng.random() < 0.8 else drafts[0]
        drafts.append(Draft(ts, channel, person, text, labels_list, lang, reply_to=reply))
        ts += thread_gap(rng)
    return drafts


def background(
    rng: random.Random,
    people: dict[str, Person],
    day: datetime,
    lang: str,
    scale: float,
    used: set[str],
    damp=lambda hour: 1.0,
    silenced: dict[str, datetime] | None = None,
) -> list[Draft]:
    """Ordinary conversations following PROFILE, hour by hour."""
    cast = Cast(rng, people, day, lang, silenced or {})
    used_threads: set[tuple[str, int]] = set()
    main = THREADS_EN_STREAM if lang == "en" else THREADS_FR
    drafts: list[Draft] = []
    for hour, per10 in enumerate(PROFILE):
        target = round(per10 * 6 * scale * damp(hour) * rng.uniform(0.85, 1.15))
        made = 0
        while made < target:  # thread starts spread over the hour, so volume stays even
            slot = 3600 * (made + 0.5) / target + rng.uniform(-300, 300)
            if not 0 <= slot < 3600:
                slot = rng.uniform(0, 3600)
            start = day + timedelta(hours=hour, seconds=int(slot))
            expat = lang == "fr" and rng.random() < 0.08
            templates = THREADS_EN if expat else main
            usable = [t for t in templates if t[3][0] <= hour < t[3][1]]
            template = rng.choices(usable, weights=[t[2] for t in usable])[0]
            pool = cast.en if (expat or lang == "en") else cast.fr
            thread = render_thread(
                rng, cast, template, start, pool, "en" if expat else lang, used, used_threads
            )
            if not thread:
                made += 1  # every variant of this opening is used up; count it to move on
                continue
            drafts += thread
            made += len(thread)
    return drafts


# --- scripted scenes -------------------------------------------------------------------------


def scripted(
    rng: random.Random,
    people: dict[str, Person],
    day: datetime,
    rows: list,
    lang: str,
    keys: dict[str, Draft] | None = None,
) -> list[Draft]:
    """Turn scene rows into drafts, resolving keys for replies and edits."""
    keys = {} if keys is None else keys
    cast = Cast(rng, people, day, lang)
    drafts: list[Draft] = []
    for when, author, channel, labels, text, opts in rows:
        ts = at(day, when) if isinstance(when, str) else day + timedelta(seconds=when)
        if author == "*":
            person = cast.member(cast.fr, set())
        elif author == "*en":
            person = cast.member(cast.en, set())
        else:
            person = people[author]
        # In the French stream everyone writes in their own language; the English one is English.
        draft = Draft(
            ts,
            channel,
            person,
            text,
            labels.split(),
            person.lang if lang == "fr" else lang,
            reply_to=keys.get(opts.get("reply", "")),
            edit_of=keys.get(opts.get("edit", "")),
            event=opts.get("event"),
        )
        if "edit" in opts:
            assert draft.edit_of is not None, opts["edit"]
            draft.channel, draft.reply_to = draft.edit_of.channel, draft.edit_of.reply_to
        if "key" in opts:
            keys[opts["key"]] = draft
        drafts.append(draft)
    return drafts


# --- the surge -------------------------------------------------------------------------------


def rate_at(day: datetime, minute: float, knots: list[tuple[str, float]]) -> float:
    points = [((at(day, t) - day).total_seconds() / 60, r) for t, r in knots]
    for (m0, r0), (m1, r1) in itertools.pairwise(points):
        if m0 <= minute < m1:
            return r0 + (r1 - r0) * (minute - m0) / (m1 - m0)
    return 0.0


def surge_times(rng: random.Random, day: datetime, knots: list, scale: float) -> list[datetime]:
    """Deterministic arrival times: the integral of the rate, one message per whole unit."""
    first = (at(day, knots[0][0]) - day).total_seconds() / 60
    last = (at(day, knots[-1][0]) - day).total_seconds() / 60
    times, total, emitted = [], 0.0, 0
    minute = first
    while minute < last:
        total += rate_at(day, minute + 0.5, knots) * scale
        for _ in range(int(total) - emitted):
            times.append(day + timedelta(minutes=minute, seconds=rng.randrange(60)))
        emitted = int(total)
        minute += 1
    return sorted(times)


def phase_weights(day: datetime, ts: datetime) -> dict[str, int]:
    for until, weights in SURGE_PHASES:
        end = day + timedelta(hours=int(until[:2]), minutes=int(until[3:]))
        if ts < end:
            return weights
    return SURGE_PHASES[-1][1]


def duration_text(rng: random.Random, minutes: float, lang: str) -> str:
    """How long the outage has lasted, as an angry customer counts it (rounded up, often more)."""
    minutes = minutes * rng.choice([1, 1, 1.3, 1.6]) + rng.choice([0, 5, 10])
    return next(text for limit, text in DURATIONS[lang] if minutes <= limit)


def surge_fill(day: datetime, ts: datetime, rng: random.Random, lang: str) -> dict[str, str]:
    elapsed = (ts - at(day, "14:00")).total_seconds() / 60
    price = rng.choice(PRICES)
    double = f"{float(price.replace(',', '.')) * 2:.2f}"
    if lang == "fr":
        double = double.replace(".", ",")
    else:
        price = price.replace(",", ".")
    return {
        "city": rng.choice(CITIES),
        "price": price,
        "double": double,
        "duration": duration_text(rng, elapsed, lang),
        "lines": str(rng.choice([2, 3, 4])),
        "years": str(rng.randint(2, 14)),
    }


class Picker:
    """Draws templates of a category without repeating one before the list is used up."""

    def __init__(self, rng: random.Random, pools: dict[str, tuple[str, list[str]]]):
        self.rng, self.pools, self.queues = rng, pools, {}

    def draw(self, category: str) -> tuple[list[str], str]:
        labels, templates = self.pools[category]
        queue = self.queues.get(category)
        if not queue:
            queue = self.queues[category] = self.rng.sample(templates, len(templates))
        return labels.split(), queue.pop()


def crowd_author(
    rng: random.Random,
    ts: datetime,
    crowd: list[Person],
    newcomers: list[Person],
    expats: list[Person],
    lang: str,
    spoken: set[str],
    free: Callable[[Person], bool],
) -> tuple[Person, str | None]:
    """Who speaks in the crowd: someone free to speak; returns (person, forced category or None)."""
    for _ in range(30):
        person, category = draw_crowd_author(rng, ts, crowd, newcomers, expats, lang, spoken)
        if free(person):
            break
    return person, category


def draw_crowd_author(
    rng: random.Random,
    ts: datetime,
    crowd: list[Person],
    newcomers: list[Person],
    expats: list[Person],
    lang: str,
    spoken: set[str],
) -> tuple[Person, str | None]:
    arrived = [p for p in newcomers if p.joined <= ts]
    roll = rng.random()
    if arrived and roll < 0.22:
        person = rng.choice(arrived)
        clock = ts.strftime("%H:%M")
        if person.name in spoken or clock < "14:20":  # early arrivals first talk about the outage
            return person, None
        viral = clock >= "14:49" and rng.random() < 0.5  # once the influencer's video is out
        return person, "newcomer_viral" if viral else "newcomer"
    if lang == "fr" and expats and roll > 0.95:
        return rng.choice(expats), "expat"
    return rng.choices(crowd, weights=[p.activity for p in crowd])[0], None


def crowd_line(
    rng: random.Random,
    picker: Picker,
    category: str,
    day: datetime,
    ts: datetime,
    lang: str,
    used: set[str],
) -> tuple[list[str], str]:
    """A line of the crowd in this category that nobody wrote yet (short reactions may repeat)."""
    kind = {"question": "question", "thanks": "thanks", "restored": "thanks"}.get(
        category, "complaint"
    )
    for _ in range(8):
        labels, template = picker.draw(category)
        fill = surge_fill(day, ts, rng, lang)
        text = template.format(**fill)
        if category == "reaction":
            return labels, text
        if rng.random() < 0.3:
            text = vary(rng, text, lang, kind, fill)
        found = unique(rng, text, lang, kind, fill, used)
        if found is not None:
            return labels, found
    return labels, vary(rng, text, lang, kind, fill)


def surge(
    rng: random.Random,
    people: dict[str, Person],
    day: datetime,
    lang: str,
    scale: float,
    used: set[str],
    silenced: dict[str, datetime],
) -> list[Draft]:
    """The crowd of the bad buzz: arrival times from SURGE_KNOTS, topics from SURGE_PHASES."""
    pools = SURGE_EN if lang == "en" else SURGE_FR
    picker = Picker(rng, pools)
    members = [p for p in people.values() if not p.roles and p.name in REGULARS + EXPATS]
    crowd = [p for p in members if p.lang == lang]
    expats = [p for p in members if p.lang == "en"]
    newcomers = [people[n] for n, *_rest, lng in BUZZ_NEWCOMERS if lng == lang]
    drafts: list[Draft] = []
    spoken: set[str] = set()
    last: dict[str, datetime] = {}
    for ts in surge_times(rng, day, SURGE_KNOTS, scale):

        def free(p: Person, ts: datetime = ts) -> bool:
            recent = p.name in last and ts - last[p.name] < timedelta(seconds=45)
            return not recent and ts < silenced.get(p.name, ts + timedelta(1))

        person, category = crowd_author(rng, ts, crowd, newcomers, expats, lang, spoken, free)
        if category is None:
            weights = phase_weights(day, ts)
            category = rng.choices(list(weights), weights=list(weights.values()))[0]
        msg_lang = "en" if category == "expat" else lang
        labels, text = crowd_line(rng, picker, category, day, ts, msg_lang, used)
        text = stylise(rng, text, person, labels)
        channel = rng.choices(["general", "support", "entraide"], weights=[5, 4, 1])[0]
        recent = [
            d
            for d in drafts
            if timedelta(0) < ts - d.ts < timedelta(minutes=4) and "complaint" in d.labels
        ]
        reply = None
        chance = 0.7 if category == "reaction" else 0.12 if "complaint" in labels else 0
        if recent and rng.random() < chance:
            reply = rng.choice(recent)
            channel = reply.channel
        drafts.append(Draft(ts, channel, person, text, labels, msg_lang, reply_to=reply))
        spoken.add(person.name)
        last[person.name] = ts
    return drafts


# --- assembling a stream ---------------------------------------------------------------------


MENTION = re.compile(r"<@u\d+>|@everyone|@here|@([\w.]*\w)")


def count_mentions(text: str, names: set[str]) -> int:
    """Mentions as the platform counts them: users (<@id> or @name) and @everyone/@here."""
    return sum(1 for m in MENTION.finditer(text) if m.group(1) is None or m.group(1) in names)


def finish(drafts: list[Draft], prefix: str, names: set[str]) -> list[dict]:
    """Order by time, give ids (an edit keeps the id of the message it edits), build records."""
    drafts.sort(key=lambda d: (d.ts, d.edit_of is not None))
    number = 0
    for d in drafts:
        if d.edit_of is None:
            number += 1
            d.id = f"{prefix}-{number:04d}"
    records = []
    for d in drafts:
        if d.edit_of is not None:
            d.id = d.edit_of.id
        if d.reply_to is not None:
            assert d.reply_to.ts < d.ts, (d.text, d.reply_to.text)
        d.mentions = count_mentions(d.text, names)
        records.append(record(d))
    return records


def record(d: Draft) -> dict:
    labels = [label for label in LABELS if label in d.labels]
    assert len(labels) == len(d.labels), d.labels
    assert d.author.joined <= d.ts, (d.author.name, iso(d.ts))
    if d.ts - d.author.joined < NEWCOMER_WINDOW and not d.author.roles:
        labels.append("newcomer")
    rec = {
        "id": d.id,
        "ts": iso(d.ts),
        "platform": PLATFORM,
        "community": COMMUNITY,
        "channel": d.channel,
        "author": {
            "id": d.author.id,
            "name": d.author.name,
            "roles": list(d.author.roles),
            "joined": iso(d.author.joined),
            "created": iso(d.author.created),
        },
        "text": d.text,
        "reply_to": d.reply_to.id if d.reply_to else None,
        "edited": d.edit_of is not None,
        "labels": labels,
        "lang": d.lang,
    }
    if d.mentions:
        rec["mentions"] = d.mentions
    if d.event:
        rec["event"] = d.event
    return rec


def opalia_day(people: dict[str, Person]) -> list[dict]:
    rng = random.Random(SEED)
    day = parse_ts("2026-03-12T00:00:00Z")
    quieter = {14: 0.35, 15: 0.35, 16: 0.6}  # during the storm, ordinary chat thins out
    used: set[str] = set()
    silenced = {name: at(day, when) for name, when in SILENCED["fr"].items()}
    drafts = background(
        rng, people, day, "fr", 0.55, used, lambda hour: quieter.get(hour, 1.0), silenced
    )
    keys: dict[str, Draft] = {}
    drafts += scripted(rng, people, day, MORNING_FR, "fr", keys)
    drafts += scripted(rng, people, day, SURGE_SCRIPT_FR, "fr", keys)
    drafts += surge(rng, people, day, "fr", 1.0, used, silenced)
    return finish(drafts, "d0312", set(people))


def calm_day(people: dict[str, Person]) -> list[dict]:
    rng = random.Random(SEED)
    day = parse_ts("2026-03-10T00:00:00Z")
    drafts = background(rng, people, day, "fr", 1.0, set())
    drafts += scripted(rng, people, day, CALM_FR, "fr")
    return finish(drafts, "d0310", set(people))


def opalia_day_en(people: dict[str, Person]) -> list[dict]:
    rng = random.Random(SEED)
    day = parse_ts("2026-03-12T00:00:00Z")
    quieter = {14: 0.3, 15: 0.3, 16: 0.6}
    used: set[str] = set()
    silenced = {name: at(day, when) for name, when in SILENCED["en"].items()}
    drafts = background(
        rng, people, day, "en", 0.09, used, lambda hour: quieter.get(hour, 1.0), silenced
    )
    keys: dict[str, Draft] = {}
    drafts += scripted(rng, people, day, MORNING_EN, "en", keys)
    drafts += scripted(rng, people, day, SURGE_SCRIPT_EN, "en", keys)
    drafts += surge(rng, people, day, "en", 0.2, used, silenced)
    return finish(drafts, "en0312", set(people))


def tiny(people: dict[str, Person]) -> list[dict]:
    rng = random.Random(SEED)
    return finish(scripted(rng, people, parse_ts(TINY_START), TINY, "fr"), "tiny", set(people))


# --- output and summary ----------------------------------------------------------------------


def write(name: str, records: list[dict]) -> Path:
    path = HERE / name
    with path.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def summary(name: str, records: list[dict], detail: tuple[str, str] | None = None) -> None:
    """Print counts per label, per hour, and per 10 minutes within `detail` (HH:MM, HH:MM)."""
    labels = Counter(label for rec in records for label in rec["labels"])
    edits = sum(rec["edited"] for rec in records)
    print(
        f"\n== {name}: {len(records)} records ({edits} edits), {len({r['author']['id'] for r in records})} authors"
    )
    print("   labels: " + ", ".join(f"{k}={labels[k]}" for k in LABELS if labels[k]))
    hours = Counter(rec["ts"][11:13] for rec in records)
    print("   per hour: " + " ".join(f"{h}h={hours[h]}" for h in sorted(hours)))
    firsts = [rec for rec in records if rec.get("event")]
    for rec in firsts:
        print(f"   event {rec['event']}: {rec['id']} at {rec['ts']}")
    if detail:
        buckets = Counter(
            rec["ts"][11:15] + "0" for rec in records if detail[0] <= rec["ts"][11:16] < detail[1]
        )
        for bucket in sorted(buckets):
            print(f"   {bucket} {buckets[bucket]:3d} {'#' * buckets[bucket]}")


def main() -> None:
    people = build_people()
    streams = [
        ("opalia_day.jsonl", opalia_day(people), ("12:00", "18:00")),
        ("calm_day.jsonl", calm_day(people), ("12:00", "18:00")),
        ("opalia_day_en.jsonl", opalia_day_en(people), ("12:00", "18:00")),
        ("tiny.jsonl", tiny(people), None),
    ]
    for name, records, detail in streams:
        write(name, records)
        summary(name, records, detail)


if __name__ == "__main__":
    main()
