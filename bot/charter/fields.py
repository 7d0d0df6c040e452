"""Field types shared by the charter and the contingency plan: localized text, durations, slugs, and
the "exactly one of" clause models built from a registry (a detector clause, an action)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    model_validator,
)

LANGUAGES = ("fr", "en")

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$")]


def _check_localized(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, str):
        raise ValueError("write this text once per language, e.g. {fr: '…', en: '…'}")
    if not isinstance(value, Mapping):
        return value
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)}; use {', '.join(LANGUAGES)}")
    declared = (info.context or {}).get("languages") or ()
    missing = [lang for lang in declared if not str(value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"missing the text in {', '.join(missing)} (declared in meta.languages)")
    return value


Localized = Annotated[dict[str, str], BeforeValidator(_check_localized)]


def languages_context(data: Any) -> dict[str, list[str]]:
    """The validation context of a document whose `meta.languages` every `Localized` text must
    cover; read before validation, so a missing translation is located like any other error."""
    meta = data.get("meta") if isinstance(data, dict) else None
    languages = meta.get("languages") if isinstance(meta, dict) else None
    if not isinstance(languages, list):
        return {"languages": []}
    return {"languages": [lang for lang in languages if isinstance(lang, str)]}


def pick(text: Mapping[str, str], lang: str) -> str:
    """The text in `lang`, or in any language it exists in."""
    return text.get(lang) or next(iter(text.values()), "")


def one_of_model(name: str, modules: Mapping[str, Any], doc: str) -> type[BaseModel]:
    """A model with one optional field per registry entry, of which exactly one must be given.

    A bare name ("delete") stands for that entry with its default settings. Unknown names are
    rejected with the list of valid ones (by the YAML validator, from `extra="forbid"`).
    """
    fields: dict[str, Any] = {
        key: (module.Config | None, Field(None, description=(module.__doc__ or "").strip()))
        for key, module in modules.items()
    }
    model = create_model(  # type: ignore[call-overload]
        name,
        __config__=ConfigDict(
            extra="forbid", json_schema_extra={"minProperties": 1, "maxProperties": 1}
        ),
        __doc__=doc,
        __validators__={
            "_bare_name": model_validator(mode="before")(_bare_name(modules)),
            "_exactly_one": model_validator(mode="after")(_exactly_one),
        },
        **fields,
    )
    return model  # type: ignore[no-any-return]


def _bare_name(modules: Mapping[str, Any]) -> Any:
    def expand(cls: type[BaseModel], value: Any) -> Any:
        if isinstance(value, str):
            if value not in modules:
                raise ValueError(f"unknown name {value!r}; valid names: {', '.join(modules)}")
            return {value: {}}
        if isinstance(value, dict):
            return {key: ({} if config is None else config) for key, config in value.items()}
        return value

    return expand


def _exactly_one(model: BaseModel) -> BaseModel:
    given = chosen(model)
    if len(given) != 1:
        names = ", ".join(type(model).model_fields)
        raise ValueError(
            f"give exactly one of: {names}"
            if not given
            else f"give one entry per item, not {len(given)} ({', '.join(given)})"
        )
    return model


def chosen(model: BaseModel) -> list[str]:
    """The registry names set on a one-of model (exactly one once validated)."""
    return [key for key in type(model).model_fields if getattr(model, key) is not None]


def entry(model: BaseModel) -> tuple[str, Any]:
    """The (name, config) pair of a validated one-of model."""
    name = chosen(model)[0]
    return name, getattr(model, name)


class Strict(BaseModel):
    """Base settings of every configuration model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


__all__ = [
    "LANGUAGES",
    "Localized",
    "Slug",
    "Strict",
    "chosen",
    "entry",
    "languages_context",
    "one_of_model",
    "pick",
]
