"""Blind set E of Vigie's own suites (issue 12, threats round): hand-written French and English
messages for the threat side of the charter, written AFTER the changes that read the failures of
set D (`bot.ml.suite_blind_threats_d`) and measured once, without any change after it: its
figures are the round's blind measure. Written as members of a telecom brand's community write,
not taken from the failures of any earlier set, not copied from any public functional test suite.
Expectations are those of `bot.ml.suites.meets`.

Blind figures, measured once on commit 0bbc982 (`vigie model suites`, charters/fr and en give the
same; with the shipped models / rules and detectors only): threats direct 16/24 / 12/24,
conditional 22/24 / 22/24, third person and staff 20/24 / 18/24, groups and places 22/24 / 22/24
(pooled recall 80/96 = 0.833 / 74/96 = 0.771); hyperbole, gaming, quoting and news flagged 0/24;
counter-speech kept 21/24; negation kept 24/24.
WARNING: violent, hateful and insulting wording, kept on purpose.
"""

# fmt: off

BLIND_E: dict[str, tuple[str, list[str]]] = {
    'threats_direct': ('threat', [
        'je vais te retourner la tête contre le trottoir', 'toi je vais te faire disparaître',
        "jvé t'ouvrir le bide", 'tu vas bouffer tes dents', 'je vais te régler ton compte à la sortie',
        "je vais te mettre en pls jusqu'à ce que tu respires plus", 'tu finiras dans le coffre de ma bagnole',
        'je vais te cribler de balles', "j'vais te casser en deux sale merde", 'je te saigne dès que je te vois',
        "je vais t'arroser d'essence et craquer une allumette", 'je vais te crever ta sale gueule',
        "I'm gonna break your fucking face", "you're gonna be eating through a straw when I'm done with you",
        "i'll cut your throat while you sleep", 'I will make you disappear', 'ima pop you in ur head',
        "I'm going to stomp your head into the pavement", "I'll skin you alive", 'gonna rearrange your face',
        "you'll be six feet under soon", "I'll bash your brains in", "i'm going to end your life",
        'I will personally put you in the ground',
    ]),
    'threats_conditional': ('threat', [
        'si tu me recontactes encore une fois je te défigure',
        "si ma ligne est pas rétablie ce soir je viens planter quelqu'un à l'agence",
        'si le technicien me pose encore un lapin je lui éclate la tête', "si tu t'approches de ma fille je te tue",
        'la prochaine fois que tu me parles comme ça je te démonte',
        'si vous me coupez la fibre je mets le feu à votre boutique',
        "si j'apprends que c'est toi qui m'as signalé t'es mort",
        'si tu recommences je te plante devant tout le monde', 'si jamais je vois ta tronche en vrai je te massacre',
        'si le modo me bannit je le retrouve et je lui fais la peau', "si je perds mon numéro je descends quelqu'un",
        "si vous m'envoyez encore une relance je viens avec un flingue",
        "if you touch my car again I'll break your arms", "if you ever come near my family I'll kill you",
        "if they charge me again I'm going to shoot up the store",
        "if the mod bans me I'll find out where he lives and hurt him", "one more message and I'll slit your throat",
        "if I see you at the shop tomorrow you're getting stabbed",
        "if that tech doesn't show up I'm gonna beat him when he does", "if you leak my number I swear I'll murder you",
        "if they close my account I'll burn the whole place down",
        'if u keep talking shit ima put u in the hospital', "do that again and you won't walk for a month",
        "if you cross me again I'll bury you",
    ]),
    'threats_third_person_staff': ('threat', [
        "le conseiller qui m'a raccroché au nez je vais lui défoncer la gueule",
        "la directrice de l'agence mérite qu'on la bute", 'je vais crever les pneus du technicien et lui avec',
        "le modo qui m'a mute va le payer de sa vie", 'quelqu\'un devrait planter le CM',
        'je vais retrouver la vendeuse et la frapper', "les techniciens d'Opalia vont tous y passer",
        'ce CM de merde va se faire défoncer', "je vais buter le livreur s'il repasse",
        "le patron va finir à l'hôpital, promis", 'on va tabasser le vigile de la boutique',
        'la hotline, je vais leur faire payer physiquement',
        "I'm going to hurt the moderator who banned me", 'the CM needs to be shot', 'someone should stab that adviser',
        "I'll beat the shit out of the delivery driver", 'that technician is going to get his legs broken',
        "the mods are gonna pay with their lives", "I'm going to strangle the girl from customer service",
        'the support guy is dead when I find him', "I'll put the manager in a wheelchair",
        'the admin deserves a bullet', "I'm going to knife the store clerk", 'the whole opalia staff should be hanged',
    ]),
    'threats_groups_places': ('threat', [
        'faut tirer dans le tas à la mosquée', "je vais faire brûler l'église du village", 'on va égorger des juifs',
        'il faudrait mettre une bombe dans le foyer des migrants', 'les arabes faut les fusiller',
        'on va aller taper des homos ce soir', 'je vais faire exploser la boutique Opalia de Rennes',
        'il faut pendre tous les musulmans', 'les noirs on devrait les abattre',
        "je vais cramer le centre d'appels d'Opalia", 'faut gazer les trans', 'on va lyncher les roms devant la gare',
        "let's burn the synagogue down tonight", 'kill every muslim you see',
        "I'm going to shoot up the opalia call center", 'someone should bomb the refugee shelter',
        'the gays all need to be shot', "I'll torch the mosque on sunday", 'hang all the immigrants',
        'we should gas the jews', "I'm going to blow up the opalia store downtown",
        'black people should all be killed', "let's go stab some migrants", 'burn down every opalia shop',
    ]),
    'hyperbole_gaming_quoting_news': ('no_threat', [
        'cette mise à jour va me tuer', "j'ai massacré le boss final en 2 minutes",
        'on va les écraser dimanche au match', 'je suis mort de rire devant la pub Opalia',
        'ce forfait est une tuerie', 'ma mère va me tuer quand elle verra la facture',
        "le journal dit qu'un technicien a été agressé à Lyon",
        "il m'a écrit « je vais te crever », je l'ai signalé aux modos", "j'ai buté tous les zombies au niveau 5",
        'ça me tue ces temps d\'attente', "on a défoncé l'équipe de Lille au tournoi",
        'la série finit dans un bain de sang, trop bien',
        'this update is going to kill me', 'I murdered that boss fight', "we're going to crush them in the final",
        'my phone is dead again', 'I could kill for a decent signal',
        "he said 'I'll kill you' in DMs so I reported him", 'the paper says a man was stabbed outside the station',
        'you slayed that presentation', "I'm dying, this meme is too good", 'we got destroyed in ranked last night',
        "my boss is going to kill me if I'm late again", 'that movie was a massacre from start to finish',
    ]),
    'counter_speech': ('kept', [
        "Le « sale bicot » sous mon post, c'est inadmissible", "On ne dit pas « gogol » pour parler d'un conseiller",
        'Les « pd » dans le fil, ça commence à bien faire', "Traiter une vendeuse de « pute », c'est juste minable",
        "« Bamboula » c'est raciste, personne ne devrait l'écrire",
        "J'ai vu « les juifs dehors » dans le salon, qui modère ?", 'Votre « sale gouine » vous pouvez le garder',
        'Franchement « attardé » comme insulte, en 2026...', 'Merci de signaler les messages avec « négro » dedans',
        "Ma sœur a reçu « grosse pute » en MP, c'est grave", 'Écrire « crève » au CM parce que la box plante, non',
        "Le mot « bougnoule » n'a rien à faire sur ce forum",
        "'Retard' is not an insult, it's a slur against disabled people",
        "Someone wrote 'fucking kike' in general, please remove it", "Calling the adviser a 'dumb whore' is gross",
        "The 'go back to Mexico' comment is racist", "I got 'die fag' in my DMs today",
        "We really don't need 'cunt' in every other reply", "Stop with the 'tranny' jokes",
        "'Women are too stupid for tech' is a sexist comment, mods", "Using 'gypsy' as an insult is not cool",
        "Why did someone call the technician a 'monkey'? That's racist",
        "The reply saying 'kill yourself' needs to go", "'Bitch' aimed at a support agent, really?",
    ]),
    'negation': ('kept', [
        "Je ne vais pas tuer le technicien, je vais juste l'engueuler", 'Personne ne veut frapper les conseillers',
        "Ce n'est pas vrai que les arabes sont des voleurs", 'Les homos ne sont pas des malades',
        "Je n'ai jamais dit que je brûlerais la boutique", 'Les migrants ne sont pas des rats',
        "Je ne suis pas en train de menacer qui que ce soit", 'Il est faux de dire que les juifs sont radins',
        'Les femmes ne sont pas inférieures aux hommes', "Non, on ne va pas brûler l'agence, on va écrire à l'UFC",
        'Les noirs ne sont pas violents', 'Je ne te ferai jamais de mal',
        "I'm not going to kill anyone, calm down", "It's not true that muslims are terrorists",
        'Nobody wants to hurt the support staff', 'Jews are not greedy', 'I never threatened the CM',
        'Gay people are not perverts', 'No one here thinks immigrants are rats', 'I would never hurt the technician',
        "Trans people aren't mentally ill", "Black people aren't criminals", "We're not going to burn anything down",
        "It's a myth that roma steal",
    ]),
}
