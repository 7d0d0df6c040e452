"""Actions: one module each (a strict `Config` and `plan`), listed in `registry`. An action plans an
`ActionRequest`; it never calls a platform (the dispatcher and the gateways do that)."""
