"""The login counter is atomic on both databases: of many parallel attempts, exactly the limit get
through; lockouts are per account and address."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.store.web_repo import ConsoleAccounts
from tests.store.builders import T0

WINDOW = timedelta(minutes=15)


def test_parallel_attempts_are_counted_one_after_the_other(backend) -> None:
    stores = [ConsoleAccounts(backend.open()) for _ in range(8)]  # separate pools, like processes
    with ThreadPoolExecutor(max_workers=8) as pool:
        gates = list(
            pool.map(
                lambda i: stores[i % 8].reserve_attempt("julien", "10.0.0.1", T0, WINDOW, 5),
                range(40),
            )
        )
    assert sum(gate.allowed for gate in gates) == 5
    assert {gate.retry_at for gate in gates if not gate.allowed} == {T0 + WINDOW}


def test_a_lockout_holds_for_one_account_from_one_address(db) -> None:
    accounts = ConsoleAccounts(db)
    for _ in range(5):
        accounts.reserve_attempt("julien", "10.0.0.1", T0, WINDOW, 5)
    assert not accounts.reserve_attempt("julien", "10.0.0.1", T0, WINDOW, 5).allowed
    assert accounts.reserve_attempt("julien", "10.0.0.2", T0, WINDOW, 5).allowed
    assert accounts.reserve_attempt("ada", "10.0.0.1", T0, WINDOW, 5).allowed
    assert accounts.reserve_attempt("julien", "10.0.0.1", T0 + WINDOW, WINDOW, 5).allowed
