"""Which communities the logged-in account moderates in the console: the deployment file's
`access` section says it per account or per role; without one (or for an administrator) every
account sees every community, as before. A page or an action about another community is refused
with a 403 page in the account's language (`render.ERRORS`); the lists and filters show only its communities."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from bot.review.web.auth import AllCommunitiesOnly, NotYourCommunity, current_user


def visible(connection: HTTPConnection) -> frozenset[str] | None:
    """The community ids the account may see; None for all of them."""
    view = getattr(connection.app.state, "deployment", None)
    if view is None:
        return None
    user = current_user(connection)
    return view.visible_to(user.name, user.role.value)  # type: ignore[no-any-return]


def in_scope(connection: HTTPConnection, community: str) -> bool:
    """Whether the account may see `community`."""
    allowed = visible(connection)
    return allowed is None or community in allowed


def require_community(connection: HTTPConnection, community: str) -> None:
    """Refuse (Forbidden: a 403 page) a page or an action about a community the account does
    not moderate."""
    if not in_scope(connection, community):
        raise NotYourCommunity(f"{current_user(connection).name} does not moderate {community}")


def require_every_community(connection: HTTPConnection) -> None:
    """Refuse what spans every community (the what-if replays all their messages) to an account
    limited to some."""
    if visible(connection) is not None:
        raise AllCommunitiesOnly(f"{current_user(connection).name} moderates only some communities")
