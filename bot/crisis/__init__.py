"""The plan de contingence: playbook schema and loader, indicators over sliding windows, learned
baselines, the level state machine with hysteresis, escalation with acknowledgement deadlines,
holding statements, the incident record and the after-action report."""
