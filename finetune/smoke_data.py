"""Instruction records for smoke runs when the 41-task mixture has not been built yet.

First choice: the worked examples of the task registry (`general_tasks.registry`), rendered with
each task's own instructions. Fallback: a few records written for this project (accident
fault-ratio questions and small general tasks), so the CPU run works on a bare checkout.
"""

from __future__ import annotations

from pathlib import Path

from general_tasks.records import InstructionRecord

_PROJECT_RECORDS: list[tuple[str, str, str, str]] = [
    ("fault", "다음 사고 설명에 해당하는 과실비율 도표를 고르세요.",
     "신호기 있는 교차로에서 녹색신호에 직진하던 A차량과 적색신호에 직진하던 B차량이 충돌했다.",
     "차1-1 (A 0 : B 100)"),
    ("fault", "다음 사고 설명에 해당하는 과실비율 도표를 고르세요.",
     "신호대기 중이던 A차량을 뒤따르던 B차량이 추돌했다.", "차42-1 (A 0 : B 100)"),
    ("fault", "사고의 기본 과실비율을 A:B 형식으로 답하세요.",
     "동일 폭 도로의 신호기 없는 교차로에서 좌측 도로의 A차량과 우측 도로의 B차량이 직진 중 충돌했다.",
     "A 60 : B 40"),
    ("fault", "사고의 기본 과실비율을 A:B 형식으로 답하세요.",
     "같은 방향으로 진행하던 중 앞서가던 B차량이 갑자기 차로를 변경하여 A차량과 충돌했다.", "A 30 : B 70"),
    ("fault", "보행자 사고인지 차량 간 사고인지 분류하세요.",
     "횡단보도를 건너던 보행자가 우회전하던 차량에 부딪혔다.", "보행자 사고"),
    ("fault", "보행자 사고인지 차량 간 사고인지 분류하세요.",
     "교차로에서 좌회전하던 차량과 맞은편에서 직진하던 차량이 충돌했다.", "차량 간 사고"),
    ("sentiment", "다음 문장의 감정을 긍정 또는 부정으로 분류하세요.", "직원분이 친절하게 안내해 주셔서 좋았어요.",
     "긍정"),
    ("sentiment", "다음 문장의 감정을 긍정 또는 부정으로 분류하세요.", "보상 처리가 너무 늦어서 실망했습니다.",
     "부정"),
    ("summary", "다음 글을 한 문장으로 요약하세요.",
     "비가 많이 오는 날 교차로에서 두 차량이 부딪혔다. 다친 사람은 없었고 보험사가 현장에 출동했다.",
     "빗길 교차로에서 인명 피해 없는 차량 충돌 사고가 났다."),
    ("qa", "질문에 짧게 답하세요.", "적색신호는 무엇을 의미합니까?", "정지해야 한다는 뜻입니다."),
    ("qa", "질문에 짧게 답하세요.", "과실비율은 누가 계산합니까?", "기준에 따라 코드가 계산합니다."),
    ("nli", "두 문장의 관계를 함의, 모순, 중립 중 하나로 답하세요.",
     "전제: 차가 신호를 지켰다.\n가설: 차가 신호를 위반했다.", "모순"),
]


_SPEEDS = [30, 40, 50, 60, 80]
_LIMITS = [30, 50, 60]


def _generated() -> list[tuple[str, str, str, str]]:
    """Small rule-based records (speeding, ratio arithmetic) whose answers follow from the input."""
    rows = []
    for limit in _LIMITS:
        for speed in _SPEEDS:
            over = speed - limit
            answer = f"제한속도를 {over}km/h 초과했습니다." if over > 0 else "제한속도 이내입니다."
            rows.append(("speed", "주행 속도가 제한속도를 넘었는지 답하세요.",
                         f"제한속도 {limit}km/h 도로에서 {speed}km/h로 주행했다.", answer))
    for a in (10, 20, 30, 40, 60, 70, 80):
        for delta in (-10, 10, 20):
            new_a = min(100, max(0, a + delta))
            rows.append(("ratio", "기본 과실비율에 수정요소를 더한 A의 과실을 계산하세요.",
                         f"기본 A{a}:B{100 - a}, A에 {delta:+d} 수정", f"A {new_a} : B {100 - new_a}"))
    return rows


def project_records() -> list[InstructionRecord]:
    """The project-written fallback records (Korean): hand-written ones plus rule-based ones."""
    return [
        InstructionRecord(id=f"smoke-{i:03d}", task=task, category="smoke", instruction=ins, input=inp,
                          output=out, source="finetune/smoke_data.py")
        for i, (task, ins, inp, out) in enumerate(_PROJECT_RECORDS + _generated())
    ]


def registry_records() -> list[InstructionRecord]:
    """The task registry's worked examples as records (an invalid registry raises, never silently empty)."""
    from general_tasks.registry import all_tasks

    out: list[InstructionRecord] = []
    for task in all_tasks():
        for j, ex in enumerate(task.examples):
            out.append(
                InstructionRecord(
                    id=f"{task.id}-example-{j}", task=task.id, category=task.category,
                    instruction=task.instruction(j), input=task.render_input(ex.fields), output=ex.output,
                    source="general_tasks.registry examples",
                )
            )
    return out


def offline_mixture(out_dir: Path, cap: int, seed: int) -> tuple[list[InstructionRecord], set[str], str]:
    """Build a small slice of the real mixture with the project's builder, no hub access."""
    try:
        from general_tasks.build import build

        res = build(out_dir, cap=cap, seed=seed, use_hub=False)
        recs = list(res.train) + list(res.validation)
        tasks = set(res.manifest.get("tasks", {}))
    except Exception as exc:  # builder unavailable or a local source broken: say so, fall back
        return [], set(), f"offline mixture build failed ({type(exc).__name__}: {exc})"
    return recs, tasks, f"offline slice of the real mixture ({len(recs)} records, {len(tasks)} tasks)"


def smoke_records(work_dir: Path | None = None, cap: int = 40, seed: int = 0) -> tuple[list[InstructionRecord], str]:
    """(records, where they came from) for a smoke run when the full mixture is not built:
    the offline part of the real mixture, the registry's worked examples for the other tasks,
    and the project's own records only when neither is available."""
    recs: list[InstructionRecord] = []
    notes: list[str] = []
    built: set[str] = set()
    if work_dir is not None:
        mix, built, note = offline_mixture(work_dir, cap, seed)
        recs += mix
        notes.append(note)
    reg = [r for r in registry_records() if r.task not in built]
    if reg:
        recs += reg
        notes.append(f"registry worked examples ({len(reg)})")
    if not recs:
        recs = project_records()
        notes.append(f"project records ({len(recs)})")
    return recs, " + ".join(notes)
