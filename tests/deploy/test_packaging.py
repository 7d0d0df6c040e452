"""What can be checked here of the packaging: every service of compose.yaml and every systemd
unit runs a `vigie` command that exists (and parses), the image is non-root with `vigie` as its
entrypoint, and the example deployment file of the guide is valid with the files it names."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.cli import build_parser, main
from bot.deploy.config import load_deployment, parse_deployment
from bot.deploy.runtime import check_files

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
VIGIE_SERVICES = {
    name: service for name, service in COMPOSE["services"].items() if "command" in service
}
UNITS = sorted((ROOT / "docs" / "deploy").glob("*.service"))


def help_text(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(["--help"])
    return capsys.readouterr().out


def parses(argv: list[str]) -> bool:
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def test_compose_runs_postgres_and_the_three_vigie_services() -> None:
    assert set(COMPOSE["services"]) == {"postgres", "discord", "telegram", "console"}
    assert set(VIGIE_SERVICES) == {"discord", "telegram", "console"}
    for service in VIGIE_SERVICES.values():
        assert service["env_file"] == ".env"  # secrets from .env, never from the file
        assert "DISCORD_TOKEN" not in str(service.get("environment"))


@pytest.mark.parametrize("name", sorted(VIGIE_SERVICES), ids=sorted(VIGIE_SERVICES))
def test_each_compose_command_exists_in_vigie_help(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    command = VIGIE_SERVICES[name]["command"]
    assert f" {command[0]} " in help_text(capsys) or f"{{{command[0]}" in help_text(capsys)
    assert parses(command), command


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_each_systemd_unit_runs_a_vigie_command(unit: Path) -> None:
    exec_start = next(
        line.split("=", 1)[1]
        for line in unit.read_text(encoding="utf-8").splitlines()
        if line.startswith("ExecStart=")
    )
    argv = shlex.split(exec_start.replace("%i", "discord"))
    assert argv[0].endswith("/vigie") and parses(argv[1:])


def test_the_image_is_non_root_with_vigie_as_entrypoint() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users == ["vigie"]
    assert 'ENTRYPOINT ["vigie"]' in lines
    assert any(line.startswith("COPY models ") for line in lines)  # the models inside
    assert lines.index("USER vigie") > max(
        i for i, text in enumerate(lines) if text.startswith("COPY")
    )


@pytest.fixture
def docker() -> str:
    """The Docker client, when a daemon answers on this machine (else the test is skipped and
    says why: building the image needs the daemon, the base image and the package index)."""
    client = shutil.which("docker")
    if client is None:
        pytest.skip("no Docker client on this machine")
    info = subprocess.run(
        [client, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True
    )
    if info.returncode != 0:
        pytest.skip(f"no Docker daemon: {(info.stderr or info.stdout).strip()[:200]}")
    return client


def in_image(docker: str, tag: str, *argv: str, entrypoint: str | None = None) -> str:
    """What a command prints in a throwaway container of the image (fails on a non-zero exit)."""
    options = ["--entrypoint", entrypoint] if entrypoint else []
    done = subprocess.run(
        [docker, "run", "--rm", *options, tag, *argv], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_image_builds_and_runs_vigie_as_non_root_with_its_models(docker: str) -> None:
    tag = "vigie-packaging-test:latest"
    built = subprocess.run([docker, "build", "-t", tag, str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    try:
        help_text = in_image(docker, tag, "--help")  # the entrypoint is `vigie`
        assert all(f"{name}," in help_text or f",{name}" in help_text for name in ("run", "serve"))
        assert in_image(docker, tag, "-u", entrypoint="id").strip() == "10001"
        models = in_image(docker, tag, "/opt/vigie/models", entrypoint="ls").split()
        assert sorted(models) == sorted(p.name for p in (ROOT / "models").iterdir() if p.is_dir())
        charter = "/opt/vigie/charters/fr/opalia.yaml"
        assert "opalia" in in_image(docker, tag, "validate", charter).lower()
    finally:
        subprocess.run([docker, "rmi", "-f", tag], capture_output=True)


def test_the_guides_example_deployment_is_valid() -> None:
    path = ROOT / "docs" / "deploy" / "vigie.yaml"
    deployment = load_deployment(path)
    assert [(c.platform, c.brand) for c in deployment.communities] == [
        ("discord", "opalia"),
        ("telegram", "opalia"),
        ("discord", "brioche"),
    ]
    for community in deployment.communities:
        # The file lives in docs/deploy/: its charters are where an operator copies them.
        charter = ROOT / community.charter.relative_to(path.parent)
        playbook = (
            ROOT / community.playbook.relative_to(path.parent) if community.playbook else None
        )
        check_files(str(charter), str(playbook) if playbook else None)


def test_the_readme_example_is_a_valid_deployment() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    deployment = parse_deployment(block, "README.md", ROOT)
    assert {c.brand for c in deployment.communities} == {"opalia", "brioche"}
    for community in deployment.communities:
        check_files(str(community.charter), str(community.playbook))


def test_make_demo_has_its_own_database() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "--db sqlite:///var/demo.db" in demo
    assert "vigie.db" not in demo  # the default database: console accounts, trainees' results
