"""The building blocks of every framework model: the strict, immutable base and the field types the
framework's files share."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Provenance = Literal["stated", "inferred"]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Texts = Annotated[tuple[Text, ...], Field(max_length=20)]
# Days after which a rating is due again (planner.person.staleness); at most ten years.
ReviewDays = Annotated[int, Field(ge=1, le=3660)]


class Model(BaseModel):
    """Base of every framework model: immutable, and strict about unknown fields (typos are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        """An optional field left blank (YAML reads `builds:` with nothing after it as null) is absent, so
        it takes its default instead of being refused; a required field left blank is still missing."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            key: value
            for key, value in data.items()
            if not (value is None and key in fields and not fields[key].is_required())
        }


class Described(Model):
    """What a floor skill, a track's skill and a stage's capability all carry: an id (skills and
    capabilities share one id space), a name, a description and where it comes from."""

    id: Id
    name: Name
    description: Text
    provenance: Provenance
    source: Text = ""
