"""Bad-buzz drills: a scenario (personas, a timeline of injects with ground-truth labels and what
the trainee is expected to do) is played through the production engine, charter and contingency
plan on event time; the trainee acts (from a responses file, a terminal session or, later, a
platform sandbox), and a scoring grid turns what happened into a debrief and a score per trainee."""
