"""The storage floor: SQLAlchemy 2 tables, Alembic migrations and the repositories (decisions,
outbox, strikes, cases, audit log, retention, per-user data, moderator feedback).

SQLite by default (`var/vigie.db`), PostgreSQL for a team (`VIGIE_DATABASE_URL`). Repositories
take an open `Database` and the time of each act: nothing here reads the clock.
"""

from bot.store.audit import AuditEntry, AuditLog
from bot.store.casefile import (
    Case,
    CaseConflict,
    CaseError,
    CaseFile,
    CaseNote,
    CaseNotFound,
    FourEyesViolation,
    Verdict,
)
from bot.store.cases import CaseRepository
from bot.store.database import Database, DatabaseError, database_url, mask_url, open_database
from bot.store.feedback import FeedbackExample, feedback_examples
from bot.store.outbox import SqlOutbox, action_from_dict
from bot.store.recorder import DecisionRecorder
from bot.store.retention import PurgeReport, Retention
from bot.store.strikes import SqlStrikeLedger, Strike
from bot.store.tables import ActionStatus, CaseKind, CaseStatus
from bot.store.userdata import DeletionReport, UserData

__all__ = [
    "ActionStatus",
    "AuditEntry",
    "AuditLog",
    "Case",
    "CaseConflict",
    "CaseError",
    "CaseFile",
    "CaseKind",
    "CaseNotFound",
    "CaseNote",
    "CaseRepository",
    "CaseStatus",
    "Database",
    "DatabaseError",
    "DecisionRecorder",
    "DeletionReport",
    "FeedbackExample",
    "FourEyesViolation",
    "PurgeReport",
    "Retention",
    "SqlOutbox",
    "SqlStrikeLedger",
    "Strike",
    "UserData",
    "Verdict",
    "action_from_dict",
    "database_url",
    "feedback_examples",
    "mask_url",
    "open_database",
]
