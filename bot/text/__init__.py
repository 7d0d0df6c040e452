"""Text normalisation against evasions, and the language guess."""
