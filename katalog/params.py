"""The engine's scoring parameters as data: `data/engine/params.yaml`, each value with its provenance.

Every weight, temperature, threshold and fitted value the engine scores with is named in `KEYS` and
written once in the file, with where it came from: `fitted_by` (a script, the data it read, when) or
`set_by: hand` (with the reason). Values fitted into model files (the reader's `reader.json`) stay in
those files; the parameter file points at them (`stored_in`) so their provenance is listed in one place.

The file is checked strictly when first read: an unknown or missing key, a value of the wrong kind or
a provenance without its fields fails with the file and the key named. Code reads values with
`get("matching.w_type")` (or `table(...)` for a lookup table) at import time; modules keep their
constant names (`candidates.W_TYPE`), so a changed file takes effect in a new process. docs/params.md
describes how to change a weight and measure its effect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from katalog.errors import DataError
from katalog.paths import data_dir
from katalog.vocab.loader import strict_yaml

Kind = Literal["float", "int", "table", "stored"]

#: Every parameter the file must define, and what kind of value it holds: a number (`float`/`int`), a
#: lookup `table` of numbers, or a value `stored` in a model file (`stored_in`, not repeated here).
KEYS: dict[str, Kind] = {
    # structured fit of facts to a chart (katalog/matching/candidates.py)
    "matching.w_type": "float",
    "matching.w_move": "float",
    "matching.w_signal": "float",
    "matching.w_place": "float",
    "matching.w_dir": "float",
    "matching.w_road": "float",
    "matching.w_first": "float",
    "matching.w_roundabout": "float",
    "matching.w_lane": "float",
    "matching.w_collision": "float",
    "matching.w_role_cond": "float",
    "matching.two_wheeler_car_fit": "float",
    "matching.type_fit_vehicle": "float",
    "matching.type_fit_bicycle_pm": "float",
    "matching.type_fit_bicycle_two_wheeler": "float",
    "matching.one_sided_credit": "float",
    "matching.one_sided_movement": "float",
    "matching.one_sided_no_signal": "float",
    "matching.one_sided_sideless_role": "float",
    "matching.equal_road_unstated": "float",
    "matching.lane_side_credit": "float",
    "matching.side_road_lateral": "float",
    "matching.lane_overlap": "float",
    "matching.lane_disjoint": "float",
    "matching.move_near": "table",
    "matching.place_near": "table",
    "matching.special_missing": "float",
    "matching.special_shared": "float",
    "matching.fit_scale": "float",
    "matching.w_retrieval": "float",
    "matching.w_retrieval_rich": "float",
    "matching.rich_facts_low": "int",
    "matching.rich_facts_high": "int",
    "matching.nontypical_penalty": "float",
    "matching.nontypical_penalty_two_wheeler": "float",
    "matching.softmax_t": "float",
    "matching.softmax_pool_factor": "int",
    # which chart modifiers the facts support (katalog/modifier_selection.py)
    "modifiers.same_act_gap": "int",
    "modifiers.label_min_len": "int",
    "modifiers.alias_substring_min_len": "int",
    "modifiers.key_in_alias_min_len": "int",
    # hybrid retrieval (katalog/retrieval/fusion.py, hybrid.py)
    "retrieval.bm25_weight": "float",
    "retrieval.dense_weight": "float",
    "retrieval.rrf_k": "float",
    "retrieval.depth": "int",
    "retrieval.type_prior": "float",
    "retrieval.scene_prior": "float",
    "retrieval.signal_prior": "float",
    "retrieval.book_prior": "table",
    "retrieval.evidence_vote": "float",
    # the learned reader: pool, feature definition, hand-set caps (katalog/reader/*.py) ...
    "reader.pool_gated": "int",
    "reader.pool_all": "int",
    "reader.pool_text": "int",
    "reader.rank_cap": "int",
    "reader.unseen_logprob": "float",
    "reader.feature_rule_logp_t": "float",
    "reader.feature_score_scale": "float",
    "reader.feature_richness_cap": "int",
    "reader.feature_known_cap": "int",
    "reader.feature_unranked_gated": "int",
    "reader.contradiction_cap": "float",
    "reader.high_confidence": "float",
    "reader.below_guard_cap": "float",
    "reader.role_swap_above": "float",
    # ... and what tools/train_reader.py fitted into data/models/reader/
    "reader.fusion_weights": "stored",
    "reader.temperature": "stored",
    "reader.calibration": "stored",
    "reader.calibration_contradicted": "stored",
    "reader.high_guard": "stored",
    "reader.abstain_below": "stored",
    "reader.trust_insufficient_above": "stored",
    "reader.role_weights": "stored",
    "reader.roles_use": "stored",
    "reader.text_models": "stored",
    "reader.decline_above": "stored",
    # ... and the modifier detector (tools/train_modifiers.py, a stage of tools/train_reader.py)
    "reader.modifier_text_models": "stored",
    "reader.modifier_fusion_weights": "stored",
    "reader.modifier_add_above": "stored",
    "reader.modifier_drop_below": "stored",
    "reader.modifier_drop_spanned_below": "stored",
    "reader.modifier_use": "stored",
    # the stages of katalog/stages/
    "engine.min_confidence": "float",
    "engine.min_fit": "float",
    "engine.close_gap": "float",
    "engine.retrieval_k": "int",
    "engine.rank_top": "int",
    "engine.question_pool": "int",
    "engine.variant_signal": "float",
    "engine.variant_road": "float",
    "engine.variant_movement": "float",
    "engine.variant_entered_first": "float",
    "engine.variant_roundabout": "float",
    "engine.variant_condition_present": "float",
    "engine.variant_condition_absent": "float",
}

#: Parameters that define the reader's features: the shipped model was trained with these values, so
#: `tools/train_reader.py` records them in `reader.json` and the loader refuses a model trained with others.
READER_DEFINITION = (
    "reader.pool_gated", "reader.pool_all", "reader.pool_text", "reader.rank_cap", "reader.unseen_logprob",
    "reader.feature_rule_logp_t", "reader.feature_score_scale", "reader.feature_richness_cap",
    "reader.feature_known_cap", "reader.feature_unranked_gated",
)

FILE = Path("engine") / "params.yaml"


class ParamsError(DataError):
    """The parameter file is missing, malformed, or lacks / adds a parameter."""


class _Stamped(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("when", "commit", mode="before", check_fields=False)
    @classmethod
    def _as_text(cls, v: Any) -> Any:
        """YAML reads 2026-11-26 as a date and an all-digit commit as a number: keep both as written."""
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class Fitted(_Stamped):
    """A value a script fitted: which script, on which data, when."""

    fitted_by: str = Field(min_length=1, description="script path (or the procedure, when no script was kept)")
    data: str = Field(min_length=1, description="which files / split it was fitted on")
    when: str | None = None
    commit: str | None = None
    note: str | None = None


class Hand(_Stamped):
    """A value set by hand, and why."""

    set_by: Literal["hand"]
    why: str = Field(min_length=1, description="one line; 'reason not recorded' where none was")
    data: str | None = Field(None, description="the sets a sweep or check of this value was read on, if any")
    when: str | None = None
    commit: str | None = None


Number = StrictInt | StrictFloat


def _provenance_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "fitted" if "fitted_by" in v else "hand"
    return "fitted" if isinstance(v, Fitted) else "hand"


Provenance = Annotated[Annotated[Fitted, Tag("fitted")] | Annotated[Hand, Tag("hand")], Discriminator(_provenance_kind)]


class Param(BaseModel):
    """One parameter: its value (or the model file holding it) and its provenance."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Number | dict[str, Number] | None = None
    stored_in: str | None = Field(None, description="'<path under data/>#<dotted key>' of a fitted model file")
    code: str | None = Field(None, description="the Python name that holds it")
    provenance: Provenance = Field(description="{fitted_by, data, when, commit} or {set_by: hand, why}")

    @model_validator(mode="after")
    def _one_source(self) -> Param:
        if (self.value is None) == (self.stored_in is None):
            raise ValueError("give exactly one of value / stored_in")
        return self


class ParamsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    matching: dict[str, Param]
    modifiers: dict[str, Param]
    retrieval: dict[str, Param]
    reader: dict[str, Param]
    engine: dict[str, Param]


def _fail(path: Path, what_ko: str, what_en: str) -> ParamsError:
    return ParamsError(f"엔진 파라미터 파일 {path}: {what_ko}", f"engine parameters {path}: {what_en}")


class Params:
    """The checked parameter file: values by dotted name, each with its provenance."""

    def __init__(self, path: Path, spec: ParamsFile) -> None:
        self.path = path
        self.description = spec.description
        self.sha256_16 = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        self._by_name: dict[str, Param] = {}
        for section in ParamsFile.model_fields:
            if section == "description":
                continue
            for key, p in getattr(spec, section).items():
                self._by_name[f"{section}.{key}"] = p
        unknown = [k for k in self._by_name if k not in KEYS]
        missing = [k for k in KEYS if k not in self._by_name]
        if unknown:
            raise _fail(path, f"알 수 없는 키 {', '.join(unknown)}", f"unknown key(s) {', '.join(unknown)}")
        if missing:
            raise _fail(path, f"빠진 키 {', '.join(missing)}", f"missing key(s) {', '.join(missing)}")
        for name, p in self._by_name.items():
            self._check_kind(name, p)

    def _check_kind(self, name: str, p: Param) -> None:
        kind, v = KEYS[name], p.value
        ok = {
            "float": isinstance(v, int | float),
            "int": isinstance(v, int),
            "table": isinstance(v, dict) and bool(v),
            "stored": p.stored_in is not None,
        }[kind]
        if not ok:
            raise _fail(self.path, f"'{name}'의 값은 {kind}여야 합니다 ({v!r})", f"'{name}' must be a {kind}, got {v!r}")

    def names(self) -> list[str]:
        return list(self._by_name)

    def entry(self, name: str) -> Param:
        try:
            return self._by_name[name]
        except KeyError:
            raise _fail(self.path, f"없는 키 '{name}'", f"no parameter '{name}'") from None

    def get(self, name: str) -> float | int:
        """A number (a `float` parameter written as 3 comes back as 3.0)."""
        p = self.entry(name)
        if KEYS[name] not in ("float", "int"):
            raise _fail(self.path, f"'{name}'은(는) 숫자가 아닙니다", f"'{name}' is a {KEYS[name]}, not a number")
        return float(p.value) if KEYS[name] == "float" else p.value  # type: ignore[arg-type]

    def table(self, name: str) -> dict[str, float]:
        p = self.entry(name)
        if KEYS[name] != "table":
            raise _fail(self.path, f"'{name}'은(는) 표가 아닙니다", f"'{name}' is a {KEYS[name]}, not a table")
        return {k: float(v) for k, v in p.value.items()}  # type: ignore[union-attr]

    def stored(self, name: str) -> Any:
        """A fitted value read from the model file `stored_in` names (for checks and reports)."""
        p = self.entry(name)
        if p.stored_in is None:
            raise _fail(self.path, f"'{name}'은(는) 모델 파일에 있지 않습니다", f"'{name}' is not stored in a model file")
        rel, _, dotted = p.stored_in.partition("#")
        f = data_dir() / rel
        if not f.is_file():
            raise _fail(self.path, f"'{name}': 파일 {rel} 없음", f"'{name}': {rel} not found")
        if not dotted:
            return f
        value: Any = json.loads(f.read_text(encoding="utf-8"))
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                raise _fail(self.path, f"'{name}': {rel}에 {dotted} 없음", f"'{name}': {rel} has no {dotted}")
            value = value[part]
        return value


def _read(path: Path) -> Params:
    if not path.is_file():
        raise ParamsError(f"엔진 파라미터 파일이 없습니다: {path}", f"engine parameter file not found: {path}")
    try:
        raw = strict_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _fail(path, f"YAML 오류 ({exc})", f"not valid YAML: {exc}") from exc
    try:
        spec = ParamsFile.model_validate(raw)
    except ValidationError as exc:
        errs = exc.errors()
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errs[:4])
        where += f" (+{len(errs) - 4} more)" if len(errs) > 4 else ""
        raise _fail(path, f"형식 오류: {where}", f"invalid: {where}") from exc
    return Params(path, spec)


@cache
def _cached(folder: str) -> Params:
    return _read(Path(folder) / FILE)


def load() -> Params:
    """`<data_dir>/engine/params.yaml`, checked and cached per data folder."""
    return _cached(str(data_dir()))


def get(name: str) -> float | int:
    """The number `name` ("matching.w_type") of the current data folder's parameter file."""
    return load().get(name)


def table(name: str) -> dict[str, float]:
    """The lookup table `name` ("matching.move_near")."""
    return load().table(name)


def clear_cache() -> None:
    _cached.cache_clear()
