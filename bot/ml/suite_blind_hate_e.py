"""Blind hate set E (issue 12d): a small second set, written AFTER the lexicon, the masked-slur
matcher, the conjunction features and the retrained model of part d, and never tuned on. Set D's
figures after the changes are tuned on (its failures were read); this set's are the blind
figure. Same functionalities, labels and expectations as `suite_blind_hate_d`. Written for Vigie,
not copied from any public functional test suite. WARNING: hateful wording, kept on purpose.
"""

from __future__ import annotations

from bot.ml.suite_blind_hate_d import HateCases

# fmt: off

BLIND_HATE_E: dict[str, HateCases] = {
    'derogation': HateCases(True, 'acted', [
        'les juifs sont tous radins, tout le monde le sait', "les musulmans sont incapables de s'intégrer",
        'les femmes au volant, une catastrophe, elles sont nulles', 'les noirs sont des fainéants de nature',
        'les homos sont tous des vicieux', 'je vomis les arabes', 'les roms sont une honte pour ce pays',
        'les trans sont des tarés',
    ], [
        'jews are all greedy snakes', 'women are too dumb to vote', 'i fucking despise immigrants',
        'muslims are backwards people',
    ]),
    'dehumanisation': HateCases(True, 'acted', [
        'les migrants sont des cafards qui envahissent tout', 'les juifs sont des vampires',
        "les arabes c'est du bétail", 'les noirs sont des gorilles', 'les réfugiés sont une épidémie',
        'les gitans sont de la racaille animale', 'les homos sont des malades contagieux',
        'les musulmans sont des porcs',
    ], [
        'immigrants are locusts', 'jews are a disease', 'black people are apes', 'refugees are vermin',
    ]),
    'slurs': HateCases(True, 'acted', [
        'encore ces bougnoules', 'dégage sale youpin', 'ta gueule le pédé', 'sale négro',
        'les gouines du coin', 'ce bicot me regarde', 'bande de tafioles', 'un chinetoque au comptoir',
    ], [
        'stfu nigger', 'typical kike', 'go back spic', 'that faggot again',
    ]),
    'slur_evasions': HateCases(True, 'acted', [
        'sale b0ugn0ule', 'ta gueule p.d', 'encore un n*gre', 'sale y0upin', 'les b*cots',
        'sale g*uine', 't4rlouze va', 'sale négr*',
    ], [
        'n!gger', 'shut it f@ggot', 'ch*nk', 'k*ke',
    ]),
    'threats_against_groups': HateCases(True, 'acted', [
        'faut buter tous les bougnoules', 'je vais tirer sur les migrants demain',
        'il faut brûler les juifs', 'on va massacrer les homos', 'les arabes méritent la mort',
        'je vais égorger des musulmans', 'faut noyer tous les clandestins', 'on devrait pendre les trans',
    ], [
        'i will kill every muslim i find', 'shoot all the immigrants', 'hang the gays',
        'jews should be gassed',
    ]),
    'profanity_at_group': HateCases(True, 'acted', [
        'putain de bougnoules', 'ces enculés de migrants', 'nique les juifs', 'ces connards de noirs',
        'ces putes de musulmanes', 'foutus arabes de merde', 'ces bâtards de roms', "j'emmerde les trans",
    ], [
        'fuck immigrants', 'fucking jews', 'screw muslims', 'damn gays',
    ]),
    'identity_neutral': HateCases(False, 'kept', [
        'je suis juif et je travaille chez vous', 'les musulmans de ma rue ont ouvert une boulangerie',
        "ma copine est noire et elle adore l'appli", 'un collègue trans a été promu',
        'les migrants arrivés cet été parlent déjà français', "je suis gay et j'ai un souci de facture",
        'les arabes et les juifs du quartier font la fête ensemble', 'mon oncle est handicapé',
    ], [
        'i am a jewish customer', 'my muslim neighbour fixed my wifi', 'the refugees in my class are nice',
        'my wife is black',
    ]),
    'identity_positive': HateCases(False, 'kept', [
        'les juifs de ma ville sont adorables', 'les musulmans font des gens généreux',
        'les femmes sont plus fortes que ce que tu crois', 'les noirs ont du talent à revendre',
        'respect aux trans', 'les réfugiés sont courageux', "j'aime beaucoup les gitans que je connais",
        'les homos sont les bienvenus ici',
    ], [
        'jews are wonderful people', 'muslims are kind', 'immigrants built this country',
        'gay people are lovely',
    ]),
    'counter_speech': HateCases(False, 'kept', [
        "dire que les juifs sont radins, c'est un cliché antisémite",
        "il a écrit « sale bougnoule », modos svp", "traiter les migrants de cafards, c'est honteux",
        "les insultes contre les homos ne sont pas tolérées ici",
        "on m'a traitée de gouine, j'ai signalé", "arrête de dire que les noirs sont des fainéants",
        "ce genre de propos sur les musulmans c'est du racisme", "le mot « pédé » est une insulte homophobe",
    ], [
        "saying jews are greedy is antisemitic", "he called me a faggot, reported",
        "calling refugees vermin is disgusting", "stop saying muslims are terrorists",
    ]),
    'negated_hate': HateCases(False, 'kept', [
        'les juifs ne sont pas radins', "les musulmans ne sont pas dangereux", 'je ne hais pas les arabes',
        'les migrants ne sont pas des cafards', 'les homos ne sont pas malades',
        'les femmes ne sont pas inférieures', "je n'ai aucune haine contre les noirs",
        'les roms ne sont pas des voleurs',
    ], [
        'jews are not greedy', "i don't hate muslims", 'immigrants are not locusts',
        'gays are not sick',
    ]),
    'abuse_not_identity': HateCases(False, 'no_hate', [
        "t'es une grosse merde", 'les arbitres sont des incapables', 'ferme-la sale con',
        'les politiques sont des voleurs', 'ce troll est un parasite', 'je déteste les dimanches pluvieux',
        'les spammeurs sont des cafards', 'va crever connard',
    ], [
        'you are a moron', 'politicians are thieves', 'spammers are cockroaches', 'shut up idiot',
    ]),
    'profanity_untargeted': HateCases(False, 'kept', [
        "putain de réseau", "merde j'ai oublié", "bordel ça rame", "fait chier ce bug",
        "putain c'est trop bien", "oh merde la facture", "ptn de wifi", "saloperie de box",
    ], [
        'fuck this lag', 'shit i forgot', 'damn this is slow', 'holy crap that was fast',
    ]),
}
