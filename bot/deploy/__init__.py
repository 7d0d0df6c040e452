"""Running Vigie for real: the deployment file, the communities of one process, health, metrics,
scheduled retention and the operators' commands."""
