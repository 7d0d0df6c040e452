"""The command-line options every long-running process shares (kept apart from the runtime so
that registering the commands loads nothing heavy)."""

from __future__ import annotations

from typing import Any

DEPLOYMENT_ENV = "VIGIE_DEPLOYMENT"
DEFAULT_PORTS = {"discord": 9101, "telegram": 9102}


def add_operation_options(parser: Any, platform: str) -> None:
    """The options every bot shares: the deployment file, the health listener, the logs."""
    parser.add_argument(
        "--deployment", help=f"the deployment file (default: ${DEPLOYMENT_ENV}); replaces --charter"
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        help=f"/healthz and /metrics port (default: the file's, else {DEFAULT_PORTS[platform]}; 0: off)",
    )
    parser.add_argument("--metrics-host", help="their address (default: 127.0.0.1)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR (default: INFO)")
    parser.add_argument("--log-format", choices=["text", "json"], help="default: text")
