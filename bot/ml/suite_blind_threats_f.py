"""Blind set F of Vigie's own suites (issue 12, threats round): hand-written French and English
messages for the threat side of the charter, written AFTER the changes that read the failures of
set E (`bot.ml.suite_blind_threats_e`) and measured once, without any change after it: its
figures are the round's last blind measure. Written as members of a telecom brand's community
write, not taken from the failures of any earlier set, not copied from any public functional test
suite. Expectations are those of `bot.ml.suites.meets`.

Blind figures, measured once on commit 24a9807 (`vigie model suites`, charters/fr and en give the
same; with the shipped models / rules and detectors only): threats direct 15/20 / 13/20,
conditional 19/20 / 19/20, third person and staff 20/20 / 19/20, groups and places 20/20 / 20/20
(pooled recall 74/80 = 0.925 / 71/80 = 0.888); hyperbole, gaming, quoting and news flagged 0/20;
counter-speech kept 20/20; negation kept 20/20.
WARNING: violent, hateful and insulting wording, kept on purpose.
"""

# fmt: off

BLIND_F: dict[str, tuple[str, list[str]]] = {
    'threats_direct': ('threat', [
        'je vais te défoncer la tête à coups de pied', 'tu vas voir ce que je vais te faire, tu vas chialer du sang',
        'je vais te noyer dans ta baignoire', 'je te promets que je vais te briser',
        'jvais te niquer ta race à coups de barre', 'je vais te faire bouffer le bitume', "je vais t'étriper",
        "t'es cuit, je vais te crever", "je vais t'écraser comme une merde", "je vais t'exploser la mâchoire",
        "I'll knock your teeth down your throat", "I'm going to hurt you really bad",
        "you better sleep with the lights on because I'm coming to kill you", "I'll wring your neck",
        'gonna blow your head off', "I'll pound your face in", "you're gonna wish you were dead",
        'I will literally murder you', "I'll drag you behind my car", "i'm gonna fuck you up so bad",
    ]),
    'threats_conditional': ('threat', [
        'si tu me reparles sur ce ton je te défonce la gueule', "si je te vois traîner près de chez moi t'es mort",
        'si vous me facturez ces frais je casse tout et je frappe le premier vendeur',
        'si ça coupe encore pendant mon match je viens buter le technicien',
        'si on me suspend mon compte je viens à la boutique avec une batte',
        'si le CM supprime encore mon post je le retrouve et je le saigne',
        "si tu dis encore un mot sur ma femme je t'égorge", 'tu me signales encore une fois et je te crève',
        'si je te choppe tu vas le regretter physiquement', "si vous m'envoyez un huissier je brûle vos bureaux",
        "if you keep posting my pics I'll stab you", "if the technician is late again I'll break his nose",
        "if I lose my job because of your outage I'll shoot someone at your office",
        "if the mod deletes this I'm going to find him and beat him to death",
        "if you show your face here again I'll bash it in", "if I get another bill like this I'll burn down your store",
        "call me again and I'll cut you", "if you don't fix my line today I'll kill the next adviser I talk to",
        "if he shows up I'll put him in the hospital", 'if u report me im gonna find u and hurt u',
    ]),
    'threats_third_person_staff': ('threat', [
        'le technicien de ce matin, je vais lui casser les jambes', 'la conseillère de Lille va prendre une balle',
        'ce modérateur mérite de se faire égorger', "je vais aller tabasser le directeur de l'agence",
        'le community manager va crever, je vous le promets', "quelqu'un devrait tirer sur le PDG d'Opalia",
        'les vendeurs de la boutique vont se faire défoncer', 'je vais planter ce livreur de merde',
        'le SAV, je vais tous les égorger', "l'admin va finir à la morgue",
        "I'm going to break that adviser's neck", 'the moderator is gonna get his skull cracked',
        'somebody needs to kill the CEO of opalia', "I'll stab the tech guy when he comes",
        'the support agents deserve to be beaten', "I'll shoot the cashier at the opalia store",
        'that mod is going to bleed', "I'm going to beat the community manager half to death",
        'the delivery guy is getting his face smashed', "I'll hunt down the admin and kill him",
    ]),
    'threats_groups_places': ('threat', [
        'on va foutre le feu à la synagogue', 'il faut tuer tous les migrants', 'je vais tirer sur la mosquée vendredi',
        'faudrait brûler les roms', 'on va casser la gueule aux homos', "je vais faire sauter l'agence Opalia de Lyon",
        'les juifs devraient être exterminés', 'faut égorger les musulmans', 'je vais incendier le foyer de migrants',
        'on va poignarder des arabes ce soir',
        'we need to kill all the muslims', "I'm going to burn down the mosque", 'shoot every migrant at the border',
        'the jews should be gassed', "let's go lynch some black people", "I'll bomb the opalia office",
        'somebody should shoot up the synagogue', 'all gays deserve to be hanged', "I'm torching the refugee camp tonight",
        'kill the immigrants',
    ]),
    'hyperbole_gaming_quoting_news': ('no_threat', [
        'ce niveau 12 va me rendre fou, je vais le défoncer', "on va massacrer l'OM samedi",
        "j'ai tué ma batterie en une heure", "ça m'a tuée cette vidéo", 'je suis crevée après cette journée',
        'je me suis fait démonter en 1v1', 'un attentat a eu lieu à Nice selon France Info',
        "il m'a envoyé « je vais te tuer », capture envoyée aux modos", "cette facture m'a achevé",
        "c'est mortel ce nouveau forfait",
        "I'm gonna kill it at karaoke tonight", 'we demolished them in the second half',
        'this bill is killing me slowly', 'killed the boss on my first try',
        'the police say two people were shot last night', "someone DM'd me 'I'll stab you', reported",
        "I'm dead tired", 'this song is fire', 'my battery died again', "we're going to destroy the other team",
    ]),
    'counter_speech': ('kept', [
        '« Sale arabe » dans les commentaires, bravo la modération...', 'On arrête avec les « pédale » svp',
        "Dire « nègre » en 2026 c'est honteux", "J'ai lu « sale juive » dans le fil, c'est immonde",
        "Qui a traité la conseillère de « grosse vache » ? C'est nul",
        "« Va te pendre » n'est pas une réponse acceptable",
        "Les insultes type « enculé » n'ont pas leur place ici",
        "Mon fils s'est fait traiter de « mongol » sur le forum", 'Supprimez le message « les noirs dehors » svp',
        "« Connard » ce n'est pas un argument contre Opalia",
        "'Fucking retard' under my post, nice community", "Saying 'all arabs are terrorists' is racist",
        "Someone called me a 'dyke' in the chat", "'Go kill yourself' was posted in general, mods?",
        "Don't use 'spastic' as an insult", "The 'dirty immigrants' comment should be deleted",
        "'Whore' is not how you talk to staff", "Why is 'faggot' allowed here?",
        "He wrote 'shut up you stupid cow' to the adviser, reported", "Calling people 'subhuman' is disgusting",
    ]),
    'negation': ('kept', [
        'Je ne vais frapper personne, je veux juste mon remboursement', 'Les musulmans ne sont pas des terroristes',
        "Ce n'est pas vrai que les femmes sont moins douées", 'Personne ne va tuer le CM, on se calme',
        "Je n'ai jamais menacé personne", 'Les juifs ne sont pas des voleurs', 'Je ne te frapperai pas',
        'Les immigrés ne sont pas des parasites', 'Il est faux de dire que les noirs sont moins intelligents',
        'Je ne veux de mal à personne',
        "I won't hurt anybody, I'm just angry", 'Muslims are not violent', "It's not true that women can't code",
        'Nobody is going to kill the mods', "I never said I'd stab anyone", "Immigrants aren't vermin",
        "I'm not going to shoot anyone", 'Gays are not a disease', 'It is false that black people are lazy',
        "I don't want to hurt the technician",
    ]),
}
