"""The lexicon the threat grammar is built from (see `bot.detectors.threat_patterns`): violence
verbs with their inflections, the person and tense that make them a threat, and the targets
(the reader, staff, places, groups, people), in French and English.

Verbs are listed once, by stem and conjugation class, and expanded into every inflected form a
message may use (present, future, conditional, infinitive, participle), so a new verb is one word
in a list, not a new pattern. Everything reads the folded words (lowercase, accents, look-alike
letters and apostrophes undone: "J'vais t'égorger" reads "j vais t egorger").
WARNING: violent wording, kept on purpose to recognise it. Vigie's own lists (AGPL-3.0-or-later).
"""

from __future__ import annotations

from bot.detectors.hate_target import GROUP_EN, GROUP_FR


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "(?:" + "|".join(words) + ")"


# --- French ----------------------------------------------------------------------------------
# -er verbs by stem: every ending of the present, future, conditional, infinitive and participle.
_FR_ER_ENDINGS = (
    r"(?:e|es|ent|er|ez|ons|ee|ees|erai|eras|era|erons|erez|eront|erais|erait|erions|eraient)"
)
_FR_ER_STEMS = (
    "tu",
    "but",
    "egorg",
    "etrangl",
    "poignard",
    "flingu",
    "massacr",
    "brul",
    "cram",
    "plant",
    "saign",
    "decapit",
    "lynch",
    "eventr",
    "tabass",
    "frapp",
    "cogn",
    "fusill",
    "trou",
    "degomm",
    "defonc",
    "fracass",
    "defigur",
    "decoup",
    "dechiquet",
    "incendi",
    "lapid",
    "liquid",
    "elimin",
    "execut",
    "gaz",
    "extermin",
    "assassin",
    "bastonn",
    "latt",
    "gifl",
    "etouff",
    "demont",
    "crev",
    "achev",
    "explos",
    "eclat",
    "noy",
    "noi",
    "cass",
    "pet",
    "bris",
    "tap",
    "marrav",
    "shoot",
    "fum",
    "calcin",
    "immol",
    "charcut",
    "eventr",
    "mutil",
    "tortur",
    "viol",
    "abim",
    "amoch",
    "dezingu",
    "descend",
    "refroid",
    "zigouill",
    "trucid",
    "ecras",
    "atomis",
    "pulveris",
    # Issue 12, threats round: more of the same families (dismembering, poisoning, stabbing and
    # shooting slang, a racist beating: "ratonner").
    "ratonn",
    "demembr",
    "empoisonn",
    "embroch",
    "empal",
    "defenestr",
    "electrocut",
    "ecorch",
    "depec",
    "broy",
    "tronconn",
    "cribl",
    "bousill",
    "dessoud",
    "surin",
    "sulfat",
    "etrip",
    "crucifi",
    "ebouillant",
)
# Body parts, and what is done to them ("je vais t'ouvrir le bide", "lui éclater la tronche").
FR_BODY = (
    r"(?:ventre|bide|gorge|crane|tete|gueule|bouche|face|tronche|nez|dents|cou|nuque|jambes?|"
    r"bras|genoux|cotes|doigts|yeux|oeil|machoire|colonne|dos|poumons|foie|cervelle)"
)
FR_BODY_VERB = (
    r"(?:ouvrir|ouvre|ouvrirai\w*|casser|casse|casserai\w*|peter|pete|peterai\w*|eclater|eclate|"
    r"eclaterai\w*|fracasser|fracasse|fracasserai\w*|briser|brise|briserai\w*|arracher|arrache|"
    r"arracherai\w*|crever|creve|creverai\w*|couper|coupe|couperai\w*|trancher|tranche|"
    r"trancherai\w*|defoncer|defonce|defoncerai\w*|exploser|explose|exploserai\w*|refaire|"
    r"demonter|demonte|demonterai\w*|broyer|broie|broierai\w*|ecraser|ecrase|ecraserai\w*|"
    r"retourner|retourne|retournerai\w*|percer|perce|percerai\w*)"
)
# Other classes, listed form by form.
_FR_OTHER = (
    r"pendre|pends|pend|pendrai\w*|pendu\w*",
    r"abattre|abats|abat|abattrai\w*|abattu\w*",
    r"demolir|demolis|demolit|demolirai\w*|demoli\w*",
    r"detruire|detruis|detruit|detruirai\w*",
    r"battre|bats|bat|battrai\w*|battu\w*",
    r"occuper de ton cas|regler son compte|regler ton compte|faire la peau|faire du mal",
    r"faire souffrir|faire payer|mettre une balle|mettre un coup de couteau|tirer dessus",
    r"tirer sur|tirer dans|faire sauter|faire exploser|faire bruler|mettre le feu",
    r"poser une bombe|exploser la tronche|peter la gueule|casser la gueule",
    r"descendre|descends|descend|descendrai\w*|descendu\w*|foutre le feu|fous le feu",
    r"(?:fais|ferai|ferais|fait|faisons|ferons) (?:sauter|exploser|bruler|cramer)",
    r"tordre le cou|arracher (?:les yeux|la tete|la gueule)|trancher la gorge|rouer de coups",
    r"mettre en pieces|brulera? vif|enterrer vivant|mettre six pieds sous terre",
    # Issue 12, threats round: what is done to a body, and a massacre as a thing one "does".
    r"faire (?:un carnage|un massacre|une tuerie|un bain de sang)|briser (?:la nuque|les os|le cou)",
    r"broyer les os|couper (?:les doigts|la gorge|la langue|en morceaux)|arracher la langue",
    r"crever les yeux|ouvrir (?:le ventre|la gorge)|planter un couteau|mettre un coup de couteau",
    r"tirer dans le tas|tirer dans la foule|tirer sur la foule|(?:mettre|placer) une bombe",
    r"(?:mets|mettrai|mettrais|mettons|mettra|met) le feu|faire disparaitre",
    # A body part broken or opened: "t'ouvrir le bide", "lui défoncer la tête".
    rf"{FR_BODY_VERB} (?:le|la|les|l|ta|ton|tes|sa|son|ses) {FR_BODY}",
)
# Verbs said of things as well as people ("je vais la casser", of a box; "on les a battus", of a
# team): a threat only against the reader or a named target, never against a bare "le/la/les".
_FR_BREAK_STEMS = frozenset(
    (
        "cass",
        "pet",
        "bris",
        "tap",
        "explos",
        "eclat",
        "defonc",
        "demont",
        "ecras",
        "atomis",
        "pulveris",
        "abim",
        "amoch",
        "brul",
        "cram",
        "crev",
        "achev",
        "massacr",
        "plant",
        "trou",
        "shoot",
        "fum",
        "descend",
        "refroid",
        "degomm",
        "explos",
        "bousill",
        "broy",
    )
)


def _er(stem: str) -> str:
    """Every form of an -er verb; SMS drops the ending of long stems ("je vé te defonc")."""
    return f"{stem}{_FR_ER_ENDINGS}" + ("?" if len(stem) >= 5 else "")


FR_LETHAL = _alt(
    [_er(stem) for stem in _FR_ER_STEMS if stem not in _FR_BREAK_STEMS]
    + list(_FR_OTHER[:2])
    + list(_FR_OTHER[5:])
)
FR_BREAK = _alt([_er(stem) for stem in sorted(_FR_BREAK_STEMS)] + list(_FR_OTHER[2:5]))
FR_VIOLENT = f"(?:{FR_LETHAL}|{FR_BREAK})"
# Where a victim "ends up" ("tu vas finir six pieds sous terre", "le CM va finir dans un fossé").
FR_END_PLACE = (
    r"(?:a l hopital|a l hosto|aux urgences|a la morgue|sous terre|six pieds sous terre|"
    r"dans un sac|dans un fosse|dans le canal|dans la seine|au cimetiere|en morceaux|"
    r"entre quatre planches|en fauteuil roulant|en chaise roulante|en sang|dans le coma|"
    r"dans (?:le|un) coffre|dans (?:la|une) fosse|dans (?:le|un) trou)"
)
# Not living through a time, or not getting home: "tu passeras pas la semaine", "il va pas
# rentrer chez lui ce soir" (the negation belongs to the threat; see `threats._negated`).
FR_NOT_SURVIVE = (
    r"(?:passeras|passera|passerez|passeront|vas passer|va passer|vont passer|allez passer) pas "
    r"(?:la nuit|la semaine|la journee|le week end|l hiver|l annee|noel|l ete)|"
    r"(?:vas|va|vont|allez) pas (?:rentrer (?:chez (?:toi|lui|elle|eux|vous)|vivant\w*|entier\w*)|"
    r"survivre|s en sortir vivant\w*)"
)
# The victim's side of a threat, said of "you" or of a target: "tu vas crever", "le CM va
# se faire planter", "il va le payer de sa vie".
FR_SUFFER = (
    r"(?:crever|mourir|morfler|souffrir|saigner|y passer|(?:le )?payer de (?:sa|ta|leur) vie|"
    r"(?:se )?prendre (?:cher|une balle|un coup de couteau|des coups)|"
    rf"finir {FR_END_PLACE}|bouffer (?:tes|ses|vos|leurs) dents|se faire {FR_VIOLENT}|etre {FR_VIOLENT})"
)
# Of those, the words of sport and games ("on va vous défoncer ce soir"): said to the reader
# alone, a moderator reads them first.
_FR_SPORT_STEMS = frozenset(
    (
        "defonc",
        "eclat",
        "explos",
        "ecras",
        "atomis",
        "pulveris",
        "demont",
        "massacr",
        "achev",
        "degomm",
    )
)
FR_BREAK_HARD = _alt([_er(stem) for stem in sorted(_FR_BREAK_STEMS - _FR_SPORT_STEMS)])
FR_BREAK_SPORT = _alt([_er(stem) for stem in sorted(_FR_SPORT_STEMS)] + list(_FR_OTHER[2:5]))
# First person with the will or the means to act ("je vais", "jvé", "on va venir").
FR_SUBJ = r"(?:je|j|on|nous|moi je|jv|jvais|jvai|jve|jvé|chui|quelqu un)"
FR_AUX = r"(?:vais|vai|ve|v|va|vas|allons|veux|voudrais|compte|peux|vx|vien\w*|revien\w*|pourrais|dois|sais|finirai par)"
FR_MOTION = r"(?:aller|venir|revenir|passer|bien|moi meme|personnellement|vraiment|carrement)"
FR_CLITIC = r"(?:te|t|vous|le|la|les|l|lui|leur)"
# Who may be threatened: staff, places, groups, people close to the reader.
_FR_STAFF_WORDS = (
    r"cm|community manager|modo\w*|moderat\w*|admin\w*|staff|equipe|conseill\w*|vendeu\w*|"
    r"employe\w*|salarie\w*|patron\w*|pdg|direct\w*|dirigeant\w*|technicien\w*|responsable\w*|"
    r"manager\w*|livreu\w*|caissi\w*|agent\w*|gars du \w+|mecs? du \w+|types? du \w+|vigile\w*|sav|support|standardist\w*"
)
FR_STAFF = rf"(?:{_FR_STAFF_WORDS}|famille|enfants|gosses|femme|mari|mere|pere|soeur|frere)"
_FR_PLACE_WORDS = (
    r"boutique\w*|magasin\w*|agence\w*|siege|bureau\w*|locaux|centre commercial|entrepot\w*|"
    r"maison|voiture|mosquee\w*|synagogue\w*|eglise\w*|foyer\w*|centre\w*|ecole\w*|mairie|"
    r"batiment\w*|immeuble\w*|quartier|gare\w*|stade\w*|camp\w*|metro|train\w*|bus|marche|"
    r"festival\w*|concert\w*|temple\w*|centre d appels|plateforme\w*"
)
FR_PLACE = f"(?:{_FR_PLACE_WORDS})"
FR_DET = r"(?:le|la|les|l|ce|cet|cette|ces|ton|ta|tes|votre|vos|leur|leurs|tous les|toutes les|des|du|au|aux|a la|a l|un|une)"
# Groups named by a slur, as threats name them ("mort aux pd", "casser du pédé"); the slurs
# themselves are the hate lists' business.
FR_SLUR_GROUP = (
    r"(?:pd|pds|pede|pedes|tarlouzes|gouines|bougnoules|bicots|negres|youpins|ratons|bamboulas)"
)
FR_GROUP = rf"(?:{GROUP_FR}|{FR_SLUR_GROUP}|feministes|flics|keufs|policiers|gendarmes)"
FR_TARGET = rf"(?:{FR_DET} (?:\w+ )?(?:{FR_STAFF}|{FR_PLACE}|{FR_GROUP})|{FR_GROUP})"
# An instrument makes any act violent: "je vais les chasser à coups de batte".
FR_INSTRUMENT = (
    r"(?:a coups? de (?:batte|barre|couteau|hache|machette|marteau|poing|pied|pelle|crosse|"
    r"chaine|matraque|fusil|flingue|cutter|tesson)|avec (?:une|un|ma|mon) (?:batte|couteau|hache|"
    r"machette|marteau|barre de fer|arme|flingue|fusil|cutter))"
)
FR_WEAPON = r"(?:une batte|un couteau|une arme|un flingue|un fusil|une hache|un gun|une machette|une kalach\w*|un calibre|de l essence|un bidon d essence)"
FR_DEONTIC = r"(?:faut|faudrait|faudra|devrait|devraient|doit|doivent|meriterait|meriteraient|merite|meritent|on devrait|faudrait qu on)"

# --- English -----------------------------------------------------------------------------------
# Verbs of sport and games as much as of violence: only against a body, staff, a place or a group.
_EN_SPORT = frozenset(
    (
        "beat",
        "smash",
        "wreck",
        "kick",
        "crush",
        "destroy",
        "break",
        "slaughter",
        "massacre",
        "murder",
        "bury",
    )
)
_EN_VERBS = (
    "crush",
    "destroy",
    "kill",
    "murder",
    "stab",
    "shoot",
    "strangle",
    "choke",
    "hang",
    "lynch",
    "gut",
    "behead",
    "slit",
    "burn",
    "burn down",
    "firebomb",
    "bomb",
    "torch",
    "slaughter",
    "execute",
    "end",
    "bury",
    "knife",
    "gun down",
    "blow up",
    "hunt down",
    "shoot up",
    "exterminate",
    "gas",
    "beat",
    "punch",
    "hurt",
    "smash",
    "break",
    "bash",
    "kick",
    "slap",
    "batter",
    "cut",
    "snap",
    "drown",
    "murk",
    "maim",
    "cripple",
    "stomp",
    "skin",
    "curb stomp",
    "knock out",
    "wreck",
    "torture",
    "set fire to",
    "rape",
    "poison",
    "whack",
    "decapitate",
    "assassinate",
    "massacre",
    "rip",
    "knock",
    "crack",
    "blow",
    "jump",
    "drag",
    "tear",
    "cave",
    "bust",
    "pummel",
    "maul",
    "mutilate",
    "disembowel",
    # Issue 12, threats round: more of the same families (cutting, stabbing, maiming).
    "gouge",
    "shank",
    "shiv",
    "slice",
    "impale",
    "skewer",
    "bludgeon",
    "dismember",
    "electrocute",
    "suffocate",
    "smother",
    "crucify",
    "castrate",
    "flay",
)


def _en_forms(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    return f"{head}(?:s|es|ed|d|ing|ting|ping|bing|ning|ped|bed|ned)?{tail}"


EN_VIOLENT = _alt([_en_forms(v) for v in _EN_VERBS])
_EN_IRREGULAR = {
    "shoot": "shot",
    "beat": "beaten|beat",
    "break": "broken",
    "cut": "cut",
    "hang": "hanged|hung",
    "burn": "burned|burnt",
    "slit": "slit",
    "bury": "buried",
    "knock": "knocked",
    "tear": "torn",
    "blow": "blown",
    "end": "ended",
    "gun down": "gunned down",
    "blow up": "blown up",
    "burn down": "burned down|burnt down",
    "shoot up": "shot up",
    "hunt down": "hunted down",
    "set fire to": "set on fire",
    "curb stomp": "curb stomped",
    "knock out": "knocked out",
    "shiv": "shivved",
    "bludgeon": "bludgeoned",
}


def _en_participle(verb: str) -> str:
    """The past participle ("stab" -> "stabbed", "shoot" -> "shot") for passives."""
    if verb in _EN_IRREGULAR:
        return _EN_IRREGULAR[verb]
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        return f"{head}d{tail}"
    if head.endswith("y") and head[-2] not in "aeiou":
        return f"{head[:-1]}ied{tail}"
    if len(head) <= 4 and head[-1] in "bgpt" and head[-2] in "aeiou" and head[-3] not in "aeiou":
        return f"{head}{head[-1]}ed{tail}"  # stab -> stabbed, slap -> slapped
    return f"{head}ed{tail}"


# Every violence verb as a passive ("the girl at the counter is getting punched"); those of sport
# ("the team got crushed") only with a body part ("get his head smashed in").
# Participles that mean something else as often ("got ripped", "got busted", "knocked up").
_EN_NOT_PASSIVE = frozenset(
    ("rip", "knock", "blow", "crack", "bust", "jump", "drag", "end", "tear", "snap", "cave", "skin")
)
EN_PARTICIPLE = _alt(
    sorted(
        {_en_participle(v) for v in _EN_VERBS if v not in _EN_SPORT | _EN_NOT_PASSIVE},
        key=len,
        reverse=True,
    )
)
EN_PARTICIPLE_ALL = _alt(sorted({_en_participle(v) for v in _EN_VERBS}, key=len, reverse=True))
# Verbs whose object sits before a particle that makes them violent: "run you over", "slice you
# up", "throw you off a bridge", "beat him senseless", "gouge your eyes out". `{T}` is the target.
EN_PARTICLE_VERBS = (
    "run {T} (?:over|down with)",
    "throw {T} (?:off (?:a|the) \\w+|out (?:of )?(?:a|the) window|in(?:to)? (?:a|the) (?:river|lake|sea|canal))",
    "(?:light|set) {T} (?:on fire|ablaze|alight|up)",
    "(?:tear|rip) {T} (?:apart|open|to pieces|to shreds|limb from limb)",
    "(?:cut|slice|carve|chop) {T} (?:up|open|to pieces|into pieces|to ribbons)",
    "(?:beat|kick|punch|stomp|stab|pistol whip) {T} (?:senseless|to death|to a pulp|unconscious|"
    "black and blue|half to death|into a coma|into the ground|until \\w+ (?:stop|stops|can t)|till \\w+ (?:stop|stops))",
    "(?:choke|squeeze|beat|strangle|crush) the life out of {T}",
    "(?:gouge|rip|tear|pull|cut) (?:out )?(?:your|ur|his|her|their) (?:eyes|tongue|heart|throat|guts)(?: out)?",
    "(?:break|snap|crush) every bone in (?:your|ur|his|her|their) body",
    "(?:string|hang) {T} up",
    "(?:put|send) {T} (?:in|into|to) (?:the|a) (?:hospital|morgue|ground|grave|coffin|body bag|wheelchair|icu|er)",
    "(?:make|watch) {T} disappear",
    "(?:pop|cap|smoke|ice) {T} in (?:the|your|ur|his|her) (?:head|face|chest|back)",
    "rearrange (?:your|ur|his|her|their) (?:face|teeth|skull)",
)
# After a modal or a bare first person only the base form is a threat ("we slaughtered them"
# is a match report, "we'll slaughter them" is not).
EN_LETHAL_BASE = _alt(
    [v for v in _EN_VERBS if v not in _EN_SPORT]
    + [
        "beat up",
        "beat the (?:shit|hell|crap|living daylights) out of",
        "hunt",
        "choke out",
        "put a (?:bullet|knife|blade|cap) (?:in|into|through)",
    ]
)
EN_SPORT_BASE = _alt(sorted(_EN_SPORT))
# Of the sport verbs, those that threaten the reader even in a bare "you" ("I'll murder you").
EN_LETHAL_YOU = r"(?:murder|slaughter|massacre|bury)"
EN_SUBJ = (
    r"(?:i ll|ill|i will|i m gonna|im gonna|i m going to|im going to|i am going to|i am gonna|"
    r"ima|imma|i ma|i d|i would|i could|i shall|we ll|we will|we re gonna|we re going to|"
    r"we are going to|i swear i ll|i want to|i wanna|i m about to|i m coming to|i will come and|"
    r"i m gonna come|i ll come|gonna|going to|i|we|let s|lets|someone should|somebody should|"
    r"someone s going to|somebody s going to|someone will|someone needs to|somebody needs to|"
    r"time to|it s time to)"
)
EN_ADV = r"(?:(?:fucking|personally|literally|just|really|actually|gladly|totally|seriously|come and|come|go|and|finally|first|then) )*"
EN_STAFF = (
    r"(?:cm|community manager|mods?|moderators?|admins?|staff|manager|managers|ceo|boss|bosses|"
    r"advisers?|advisors?|employees?|agents?|clerks?|cashiers?|tech|techs|technicians?|support \w+|"
    r"support|delivery \w+|guy|guys|dude|woman|girl|man|family|kids|children|wife|husband|mom|"
    r"mother|dad|father|sister|brother|workers?|owner|people)"
)
EN_PLACE = (
    r"(?:shop|store|office|building|hq|headquarters|mosque|synagogue|church|temple|school|"
    r"shelter|center|centre|house|home|car|warehouse|branch|agency|mall|club|bar|camp|station|"
    r"stadium|airport|boat|bus|train|market|festival|concert|place|joint|call center|counter)"
    r"(?:s|es)?"
)
EN_BODY = r"(?:face|head|neck|legs|arms|skull|throat|teeth|jaw|nose|ribs|knees|fingers|hands|guts|brains|house|home|car|family|kids|children|wife|husband|mom|mother|dad|life|ass|dog|cat|pets?|eyes|spine|back)"
# Groups as threats name them: one of them ("every refugee I see"), a slur, or a group the hate
# lists do not protect but a threat still endangers (police, feminists).
EN_GROUP_ONE = (
    r"(?:muslim|jew|black|immigrant|migrant|refugee|gay|lesbian|arab|mexican|asian|african|"
    r"foreigner|illegal|feminist|cop|trans person|homosexual)"
)
EN_SLUR_GROUP = (
    r"(?:fags|faggots|niggers|kikes|spics|trannies|towelheads|ragheads|chinks|gooks|dykes)"
)
EN_GROUP = rf"(?:{GROUP_EN}|{EN_SLUR_GROUP}|illegals|feminists|cops|police officers|christians)"
EN_TARGET = (
    rf"(?:you|u|ya|y all|you all|him|her|them|someone|somebody|everyone|everybody|anyone|"
    rf"all of you|all of them|each of you|every one of you|"
    rf"(?:your|ur|his|her|their) (?:\w+ )?{EN_BODY}|"
    rf"(?:the|that|this|those|these|every|all the|all|each|their|your|ur|some|an?|his|her)"
    rf" (?:\w+ )?(?:\w+ s )?(?:{EN_STAFF}|{EN_PLACE}|{EN_GROUP})|{EN_GROUP}|"
    rf"(?:every|any|some|an?|one|that|this) (?:\w+ )?{EN_GROUP_ONE}|"
    rf"whoever|whomever|anyone (?:who|at|in|from)|everyone (?:who|at|in|from)|"
    rf"every (?:last |single )?one of (?:you|them|those|these)|"
    rf"(?:the )?opalia \w+)"
)
EN_WEAPON = (
    r"(?:a gun|a knife|a bat|a bomb|my gun|my knife|a rifle|an axe|a machete|gasoline|petrol)"
)
EN_PASSIVE = rf"(?:killed|shot|hanged|hung|lynched|gassed|burned|burnt|exterminated|executed|stabbed|murdered|raped|wiped out|put down|hurt|beaten|beaten up|strangled|drowned|bombed|gunned down|slaughtered|deported to the ovens|{EN_PARTICIPLE})"
EN_SUFFER = (
    rf"(?:die|bleed|suffer|pay with (?:his|her|their|your) li(?:fe|ves)|(?:get|be|getting|being) "
    rf"(?:\w+ )?{EN_PASSIVE}|a dead (?:man|woman)|dead meat|a dead man walking|"
    # Issue 12, threats round: a bullet caught, a body part broken, not getting home.
    rf"(?:catch|take|get|eat|getting|catching|taking) (?:a|some|one|the) (?:bullet|bullets|knife|"
    rf"blade|beating|beatdown|slug)|(?:get|getting|have|having) (?:his|her|their|your|ur) \w+ "
    rf"(?:\w+ )?{EN_PARTICIPLE_ALL}(?: in| off| open| out)?|"
    rf"not (?:make it|get|go) (?:home|out alive|through the night|to \w+)|not (?:live|survive) (?:to|through|past)|"
    # Issue 12, threats round: what the victim will be left doing or where ("a bullet" deserved).
    rf"(?:be )?(?:eating|drinking|breathing) through a (?:straw|tube)|(?:be )?six feet under)"
)

# Idioms that use violent words for something else: "shoot you a message", "crever de chaud".
IDIOMS = (
    r"(?:crever|mourir|mort|morte|morts|meurs|creve) de (?:rire|chaud|froid|faim|soif|fatigue|"
    r"ennui|honte|peur|envie|jalousie)|tu(?:e|es|er|ons|ez|ent|ais|ait) le temps|kill(?:ing)? (?:time|it)|killed it|"
    r"shoot (?:you|u|me|him|her) (?:a|an) (?:message|text|email|mail|dm|pm|line|note)|"
    r"hit (?:you|u|me|him|her|them) up|cut (?:you|u|him|her|them) some slack|dying (?:of|to)|"
    r"to die for|kill for|bleed (?:you|us|them|me) dry|mario kart|smash bros|"
    r"cut (?:you|u|him|her|them|me) off"
)
# What a model-only threat must still name (the reader, staff, a place or a group): "je vais
# crever de chaud", "on va défoncer les Lyonnais" name nobody Vigie protects.
MODEL_TARGET = (
    rf"(?:te|t|vous|toi|tu|you|u|ya|your|ur|y all|{_FR_STAFF_WORDS}|{_FR_PLACE_WORDS}|{GROUP_FR}|"
    rf"{GROUP_EN}|cm|mods?|moderators?|admins?|staff|advisers?|advisors?|store|shop|office)"
)
# A negation just before the threat ("I'm not going to hurt you", "no one deserves to be killed").
NEGATED_BEFORE = (
    r"(?:^| )(?:not|never|won t|wouldn t|don t|didn t|ain t|can t|cannot|no one|nobody|"
    r"personne ne|ne|n|jamais) $|(?:^| )(?:no one|nobody|noone|none of us|personne) "
    r"(?:is |s |will |ll |would |ne |n |va |ne va )$"
)
NEGATED_AFTER = r"^ (?:pas|jamais|plus|point)(?: |$)"

# Every word a grammar row needs, as prefixes (short stems in full, "tu" is also "you"), and the
# distinctive words of its phrases ("mettre une balle", not "mettre").
TRIGGER = _alt(
    [f"{stem}\\w*" if len(stem) > 4 else f"{stem}{_FR_ER_ENDINGS}(?: |$)" for stem in _FR_ER_STEMS]
    + [
        r"pend(?:re|s|u|us|ue|ues|rai\w*|rais|rait)?(?: |$)",
        r"abat\w*",
        r"demol\w*",
        r"detrui\w*",
        r"batt\w*",
        r"bats?(?: |$)",
        r"regler (?:son|ton) compte",
        r"occuper de ton cas",
        r"faire (?:la peau|du mal|souffrir|payer|sauter|exploser|bruler|\w+ (?:vif|vivant))",
        r"mettre (?:une balle|un coup|le feu|en pieces)",
        r"tirer (?:dessus|sur|dans)",
        r"poser une bombe",
        r"mour\w*",
        r"morfl\w*",
        r"souffr\w*",
        r"y passer",
        r"payer de (?:sa|ta) vie",
        r"prendre (?:cher|une balle|un coup|des coups)",
        r"finir (?:a l|a la|sous|dans|au|en)",
        r"morts?(?: |$)",
        r"morte",
        r"(?:te|t|vous) retrouv\w*",
        r"couteau",
        r"arme",
        r"flingue",
        r"fusil",
        r"hache",
        r"machette",
        r"kalach\w*",
        r"calibre",
        r"essence",
        r"gun\w*",
        r"knife",
        r"bomb\w*",
        r"rifle",
        r"axe",
        r"gasoline",
        r"petrol",
        r"dead",
        r"die(?:s|d)?(?: |$)",
        r"dying",
        r"end (?:you|u|your|ur|him|her|them)",
        r"bleed\w*",
        r"suffer\w*",
        r"pay with",
        r"on fire",
        r"set fire",
        r"live to",
        r"survive",
        r"make it (?:to|through|past)",
        r"put a",
        r"put (?:you|u|him|her|them)",
        r"make (?:you|u|him|her|them)",
        r"descend\w*",
        r"(?:foutre|fous) le feu",
        r"(?:fais|ferai|ferais|fait) (?:sauter|exploser|bruler|cramer)",
        r"tordre",
        r"arracher",
        r"trancher",
        r"rouer",
        r"pieces",
        r"vif",
        r"vivant",
        r"la mort",
        r"(?:est|es|sont) morts?",
        r"s dead",
        r"is dead",
        r"six feet",
        r"hunt\w*",
        r"choke\w*",
        r"beat\w*",
        r"hang\w*",
        r"hung",
        r"shot",
        r"burnt",
        r"wiped out",
        r"put down",
        # Issue 12, threats round: the distinctive words of the new rows, as phrases where the
        # word alone is common in a telecom community ("payer", "couper", "broken", "put").
        r"balles?",
        r"faire (?:un carnage|un massacre|une tuerie|un bain de sang|disparaitre)",
        r"briser",
        r"broyer",
        r"couper (?:les doigts|la gorge|la langue|en morceaux)",
        rf"{FR_BODY_VERB} (?:le|la|les|l|ta|ton|tes|sa|son|ses) {FR_BODY}",
        r"bouffer (?:tes|ses|vos|leurs) dents",
        r"six pieds",
        r"finis(?:sez)? (?:a|en|dans|sous|au)",
        r"know where",
        r"watch yourself",
        r"get (?:hurt|killed|shot|stabbed)",
        r"can of",
        r"entre quatre",
        r"passer\w* pas",
        r"(?:va|vas|vont|allez) pas (?:rentrer|survivre|s en sortir|passer)",
        r"coups? de (?:batte|barre|couteau|hache|machette|marteau|pelle|crosse|chaine|matraque|fusil|flingue|cutter|tesson)",
        r"avec (?:une|un|ma|mon) (?:batte|couteau|hache|machette|marteau|barre|arme|flingue|fusil|cutter)",
        r"mort aux",
        r"a mort",
        r"(?:t|tes) mors?(?: |$)",
        r"payer de",
        r"(?:mets|mettrai\w*|mettons|mettra|met|mettre|placer) (?:le feu|une bombe)",
        r"dans le tas",
        r"(?:dans|sur) la foule",
        r"(?:finira|finiras|finirez|finiront|creveras|crevera|creverez|mourras|mourra|souffriras|saigneras)",
        r"(?:run|throw|light|string|put|send|pop|cap|smoke|ice|make|watch) (?:you|u|ya|him|her|them|y all|every|the|that|this|those|these)(?: |$)",
        r"ablaze",
        r"alight",
        r"carve",
        r"chop",
        r"pistol",
        r"bullets?",
        r"blade",
        r"slug",
        r"make it (?:home|out|to|through|past)",
        r"body bag",
        r"(?:your|youre|you re|you are|u r|u re) (?:so |fucking |totally )?dead",
        r"bashing",
        r"rearrange",
        r"straw",
        r"six feet under",
        r"(?:won t|will not|ll never|will never|ain t gonna) (?:walk|eat|talk|see|breathe|wake up|stand)",
        rf"(?:get|got|gets|getting|be|been|being|have|having|has|had) (?:\w+ ){{0,3}}(?:{EN_PARTICIPLE_ALL})",
    ]
    + [
        f"{head}\\w*" if len(head) > 3 else f"{head}(?:s|ed|ing|ting)?(?: |$)"
        for head in sorted({verb.partition(" ")[0] for verb in _EN_VERBS} - {"end"})
    ]
)
