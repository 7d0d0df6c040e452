"""Machine learning for moderation: training and evaluation of the scikit-learn models
(`vigie model train|eval`), and the fast scorer the bot runs on every message.

Run time needs only `bot.ml.loader.load_scorer` (NumPy and SciPy, no scikit-learn); everything
else (datasets, training, evaluation, model cards) is for the `vigie model` commands.
"""
