"""Every text a person reads, from one message catalog, and the formats of their locale."""
